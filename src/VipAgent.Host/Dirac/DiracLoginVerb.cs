using System.CommandLine;
using System.Text.Json;
using VipAgent.Execution.Dirac;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Dirac;

/// <summary>
/// `vip dirac login`: DiracX's device flow. Prints the URL and the code to type there, waits until the person
/// approved it, and stores the tokens (0600) in <c>DATA-DIR/dirac/</c>; the service refreshes them from then on.
/// </summary>
internal static class DiracLoginVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var interval = new Option<double>("--poll-seconds")
        {
            Description = "Seconds between two checks whether the login was approved (DiracX's client uses 2).",
            DefaultValueFactory = _ => 2,
        };
        var command = new Command("login", "Log VipAgent in to DiracX: prints a URL and a code for a person to approve, waits, then stores the tokens (never printed).")
        {
            interval,
        };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(interval), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, double seconds, CancellationToken cancellationToken)
    {
        if (seconds is <= 0 or > 60)
        {
            throw VipException.InvalidInput("VIP6002", $"--poll-seconds {seconds} must be within (0, 60].");
        }

        var options = DiracSettings.Options(settings);
        using var http = new HttpClient(DiracSettings.Handler(settings), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        var login = new DiracDeviceLogin(http, options, TimeProvider.System);
        DeviceAuthorization device;
        try
        {
            device = await login.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is DiracApiException or HttpRequestException)
        {
            throw new VipException("VIP6003", $"DiracX at {options.Url} did not start a login: {e.Message}");
        }

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                verification_uri = device.VerificationUri,
                verification_uri_complete = device.VerificationUriComplete,
                user_code = device.UserCode,
                expires_in = device.ExpiresIn,
            }));
        }
        else
        {
            Console.WriteLine($"Open {device.VerificationUriComplete}");
            Console.WriteLine($"(or {device.VerificationUri} and type the code {device.UserCode})");
            Console.WriteLine($"Waiting up to {device.ExpiresIn / 60} minutes for the login to be approved...");
        }

        await Console.Out.FlushAsync(cancellationToken);
        try
        {
            var tokens = await login.WaitAsync(device, new DiracTokenFile(options.TokenFolder), TimeSpan.FromSeconds(seconds), cancellationToken);
            var until = tokens.SessionExpiresAt?.ToString("u") ?? "unknown";
            Console.WriteLine(settings.Json
                ? JsonSerializer.Serialize(new { logged_in = true, url = options.Url, vo = options.Vo, group = options.Group, session_expires = tokens.SessionExpiresAt })
                : $"Logged in to {options.Url} ({options.Scope}); the session lasts until {until}.");
            return ExitCodes.Success;
        }
        catch (DiracAuthenticationException e)
        {
            throw new VipException("VIP6004", e.Message);
        }
    }
}
