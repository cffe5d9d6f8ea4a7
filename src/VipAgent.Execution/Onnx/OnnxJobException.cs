namespace VipAgent.Execution.Onnx;

/// <summary>Why an ONNX job cannot run (its model, inputs or outputs), in words the user can act on.</summary>
public sealed class OnnxJobException : Exception
{
    public OnnxJobException(string message)
        : base(message)
    {
    }

    public OnnxJobException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public OnnxJobException()
    {
    }
}
