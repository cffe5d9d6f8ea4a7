using System.CommandLine;
using System.Text.Json;
using VipAgent.Execution.Dirac;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Dirac;

/// <summary>`vip dirac status`: whether the service holds a DiracX login, and until when (never shows a token).</summary>
internal static class DiracStatusVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("status", "Show whether VipAgent is logged in to DiracX and until when the session lasts (exit 1 when it is not).");
        command.SetAction(result => Run(globals.Read(result)));
        return command;
    }

    private static int Run(HostSettings settings)
    {
        var options = DiracSettings.Options(settings);
        var file = new DiracTokenFile(options.TokenFolder);
        DiracTokens? tokens;
        try
        {
            tokens = file.Read();
        }
        catch (DiracAuthenticationException e)
        {
            throw new VipException("VIP6004", e.Message);
        }

        var now = DateTimeOffset.UtcNow;
        var alive = tokens is not null && (tokens.SessionExpiresAt is not { } end || end > now);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                url = options.Url,
                vo = options.Vo,
                group = options.Group,
                logged_in = alive,
                access_expires = tokens?.AccessExpiresAt,
                session_expires = tokens?.SessionExpiresAt,
            }));
        }
        else if (tokens is null)
        {
            Console.WriteLine($"Not logged in to {options.Url}: run 'vip dirac login'.");
        }
        else
        {
            var session = tokens.SessionExpiresAt is { } until ? until.ToString("u") : "an unknown time";
            Console.WriteLine(alive
                ? $"Logged in to {options.Url} ({options.Scope}) until {session}; the access token is renewed automatically."
                : $"The login to {options.Url} ended at {session}: run 'vip dirac login' again.");
        }

        return alive ? ExitCodes.Success : ExitCodes.OperationFailed;
    }
}
