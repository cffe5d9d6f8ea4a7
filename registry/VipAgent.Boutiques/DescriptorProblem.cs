namespace VipAgent.Boutiques;

/// <summary>One problem in a descriptor or invocation: where (a JSON path such as <c>$.inputs[2].id</c>) and what, in words its author understands.</summary>
public sealed record DescriptorProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
