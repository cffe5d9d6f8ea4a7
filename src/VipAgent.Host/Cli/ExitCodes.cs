namespace VipAgent.Host.Cli;

/// <summary>The exit codes every verb shares (ARCHITECTURE.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int OperationFailed = 1;
    public const int InvalidInput = 2;
    public const int AuditMismatch = 3;
}
