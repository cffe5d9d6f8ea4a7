using System.CommandLine;
using System.CommandLine.Parsing;
using VipAgent.Host.Apps;
using VipAgent.Host.Audit;
using VipAgent.Host.Database;
using VipAgent.Host.Executions;
using VipAgent.Host.Serve;
using VipAgent.Registry;

namespace VipAgent.Host.Cli;

/// <summary>The `vip` command: its verbs, global options, and the mapping of errors to exit codes.</summary>
public static class VipCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("VipAgent: run medical-imaging applications on a GPU, a Slurm cluster or the DIRAC grid, with replayable provenance.");
        globals.AddTo(root);
        root.Subcommands.Add(ServeCommand.Create(globals));
        root.Subcommands.Add(DatabaseCommand.Create(globals));
        root.Subcommands.Add(AppsCommand.Create(globals));
        root.Subcommands.Add(AuditCommand.Create(globals));
        root.Subcommands.Add(ExecVerb.Create(globals));
        root.Subcommands.Add(StatusVerb.Create(globals));
        root.Subcommands.Add(ResultsVerb.Create(globals));
        root.Subcommands.Add(CancelVerb.Create(globals));
        root.Subcommands.Add(RetryVerb.Create(globals));
        root.Subcommands.Add(Scheduling.ScheduleCommand.Create(globals));
        root.Subcommands.Add(Planning.PlanVerb.Create(globals));
        root.Subcommands.Add(Planning.ApproveVerb.Create(globals));
        root.Subcommands.Add(Planning.SubmitVerb.Create(globals));
        root.Subcommands.Add(Planning.RunVerb.Create(globals));
        root.Subcommands.Add(Dirac.DiracCommand.Create(globals));
        root.Subcommands.Add(Mcp.McpCommand.Create(globals));
        root.Subcommands.Add(Keys.KeysCommand.Create(globals));

        var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            var unrecognized = parsed.Errors.Where(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)).ToList();
            foreach (var error in unrecognized.Count > 0 ? unrecognized : parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"vip: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'vip --help' for the verbs and options.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
            });
        }
        catch (VipException e)
        {
            await Console.Error.WriteLineAsync($"vip: error {e.Code}: {e.Message}");
            return e.ExitCode;
        }
        catch (VipAgent.Tools.Workflow.WorkflowException e)
        {
            await Console.Error.WriteLineAsync($"vip: error {e.Code}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (RegistryRuleException e)
        {
            await Console.Error.WriteLineAsync($"vip: error VIP3000: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (RegistryConcurrencyException e)
        {
            await Console.Error.WriteLineAsync($"vip: error VIP3002: {e.Message}");
            return ExitCodes.OperationFailed;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("vip: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            var id = Guid.CreateVersion7().ToString("n")[..12];
            await Console.Error.WriteLineAsync($"vip: error VIP9999-{id}: unexpected failure: {e.GetType().Name}: {e.Message}" +
                (Environment.GetEnvironmentVariable("VIPAGENT_VERBOSE") == "1" ? "\n" + e : " (run with VIPAGENT_VERBOSE=1 for the stack trace)"));
            return ExitCodes.OperationFailed;
        }
    }
}
