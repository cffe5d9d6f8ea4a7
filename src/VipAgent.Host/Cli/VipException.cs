namespace VipAgent.Host.Cli;

/// <summary>
/// An error meant for the person at the terminal: one line, a code they can search for,
/// and the exit code that says whether their input was wrong or the operation failed.
/// </summary>
public sealed class VipException(string code, string message, int exitCode = ExitCodes.OperationFailed, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;

    public int ExitCode { get; } = exitCode;

    public static VipException InvalidInput(string code, string message) => new(code, message, ExitCodes.InvalidInput);

    public override string ToString() => $"{Code}: {Message}";
}
