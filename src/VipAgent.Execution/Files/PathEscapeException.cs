namespace VipAgent.Execution.Files;

/// <summary>A path from a user or a descriptor that would lead outside a job's folder.</summary>
public sealed class PathEscapeException : IOException
{
    public PathEscapeException()
    {
    }

    public PathEscapeException(string message)
        : base(message)
    {
    }

    public PathEscapeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PathEscapeException(string path, string root, string why)
        : base($"The path '{path}' is refused: {why}; job files must stay inside '{root}'.")
    {
        Path = path;
    }

    /// <summary>The refused path, as it was given.</summary>
    public string? Path { get; }
}
