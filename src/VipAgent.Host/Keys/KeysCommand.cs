using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Tools.Access;

namespace VipAgent.Host.Keys;

/// <summary>`vip keys create|list|revoke`: the API keys HTTP clients (MCP at /mcp) send; only their SHA-256 is stored.</summary>
internal static class KeysCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("keys", "Create, list and revoke API keys for the HTTP endpoints (MCP at /mcp).");
        command.Subcommands.Add(CreateVerb(globals));
        command.Subcommands.Add(ListVerb(globals));
        command.Subcommands.Add(RevokeVerb(globals));
        return command;
    }

    private static Command CreateVerb(GlobalOptions globals)
    {
        var user = new Option<string>("--user") { Description = "The user the key acts as (a researcher sees only the executions this user planned).", Required = true };
        var role = new Option<string>("--role") { Description = "researcher (own executions), auditor (reads and verifies all, changes nothing) or admin (everything).", Required = true };
        role.AcceptOnlyFromAmong("researcher", "auditor", "admin");
        var command = new Command("create", "Create an API key and print it once: it cannot be shown again.") { user, role };
        command.SetAction(async (result, ct) =>
        {
            var settings = globals.Read(result);
            var name = result.GetValue(user)!;
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl) || name.Length > 200)
            {
                throw VipException.InvalidInput("VIP6001", "--user must be 1 to 200 printable characters.");
            }

            await using var registry = await RegistryContext.OpenAsync(settings, ct, AddKeys);
            var (stored, key) = await registry.Get<ApiKeyStore>().CreateAsync(name, Enum.Parse<CallerRole>(result.GetValue(role)!, ignoreCase: true), Environment.UserName, ct);
            Console.WriteLine(settings.Json
                ? JsonSerializer.Serialize(new { id = stored.Id, user = stored.User, role = RoleName(stored.Role), key })
                : $"{key}\nkey {stored.Id} for {stored.User} ({RoleName(stored.Role)}): store it now, it is not shown again.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListVerb(GlobalOptions globals)
    {
        var command = new Command("list", "List API keys (id, user, role, first characters, created, revoked); never the keys themselves.");
        command.SetAction(async (result, ct) =>
        {
            var settings = globals.Read(result);
            await using var registry = await RegistryContext.OpenAsync(settings, ct, AddKeys);
            var keys = await registry.Get<ApiKeyStore>().ListAsync(ct);
            if (settings.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(keys.Select(k => new
                {
                    id = k.Id,
                    user = k.User,
                    role = RoleName(k.Role),
                    prefix = k.Prefix,
                    createdAt = k.CreatedAt,
                    revokedAt = k.RevokedAt,
                })));
                return ExitCodes.Success;
            }

            foreach (var k in keys)
            {
                Console.WriteLine($"{k.Id}  {k.Prefix}…  {k.User,-16} {RoleName(k.Role),-10} created {k.CreatedAt:u}{(k.RevokedAt is { } at ? $"  revoked {at:u}" : "")}");
            }

            Console.WriteLine($"{keys.Count} key(s), {keys.Count(k => !k.IsRevoked)} valid");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeVerb(GlobalOptions globals)
    {
        var id = new Argument<string>("ID") { Description = "The key's id, as 'vip keys list' prints it." };
        var command = new Command("revoke", "Revoke an API key: requests with it are refused from now on (by a running vip serve within 30 s, the time it trusts a validated key).") { id };
        command.SetAction(async (result, ct) =>
        {
            var settings = globals.Read(result);
            var text = result.GetValue(id)!;
            if (!Guid.TryParse(text, out var keyId))
            {
                throw VipException.InvalidInput("VIP6002", $"'{text}' is not a key id (a GUID such as 'vip keys list' prints).");
            }

            await using var registry = await RegistryContext.OpenAsync(settings, ct, AddKeys);
            if (!await registry.Get<ApiKeyStore>().RevokeAsync(keyId, ct))
            {
                throw VipException.InvalidInput("VIP6003", $"There is no API key {keyId}; 'vip keys list' shows them.");
            }

            Console.WriteLine($"revoked {keyId} (a running vip serve refuses it within {ApiKeyStore.CacheTtl.TotalSeconds:0} s)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void AddKeys(IServiceCollection services, string connectionString) => services.AddSingleton<ApiKeyStore>();

    private static string RoleName(CallerRole role) => role.ToString().ToLowerInvariant();
}
