using System.CommandLine;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Audit;

/// <summary>`vip audit …`: what an auditor runs to check that the record is intact and to take it away.</summary>
public static class AuditCommand
{
    public static Command Create(GlobalOptions globals) => new("audit", "Verify, replay and export the provenance record; write signed checkpoints; rebuild projections.")
    {
        VerifyVerb.Create(globals),
        ReplayVerb.Create(globals),
        ExportVerb.Create(globals),
        CheckpointVerb.Create(globals),
        RebuildVerb.Create(globals),
    };

    internal static Argument<string> StreamArgument() =>
        new("ID") { Description = "An execution id (or its stream, 'executions/ID'), or an application's name (or its stream, 'applications/NAME')." };
}
