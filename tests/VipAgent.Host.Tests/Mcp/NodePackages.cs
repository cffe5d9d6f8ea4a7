using System.Diagnostics;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>
/// The npm packages of the interoperability tests, installed once per machine into a temporary folder with the
/// driver script beside them; skips the calling test (with the reason) when Node.js, npm or the registry is missing.
/// </summary>
internal static class NodePackages
{
    public const string Sdk = "@modelcontextprotocol/sdk@1.32.2";
    public const string Inspector = "@modelcontextprotocol/inspector@2.12.0";
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task<string> InstallAsync()
    {
        if (!OnPath("node") || !OnPath("npm"))
        {
            Assert.Skip("Node.js and npm are not on PATH: the MCP interoperability checks (TypeScript SDK, Inspector) need them.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "vipagent-mcp-interop-npm-1.32.2-2.12.0");
        await Installing.WaitAsync();
        try
        {
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Mcp", "Interop", "drive.mjs"), Path.Combine(folder, "drive.mjs"), overwrite: true);
            if (!File.Exists(Path.Combine(folder, "node_modules", ".bin", "mcp-inspector")) || !Directory.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk")))
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), """{"name":"vipagent-mcp-interop","private":true,"type":"module"}""");
                var (code, output) = await NpmAsync(folder, ["install", "--no-audit", "--no-fund", Sdk, Inspector]);
                if (code != 0)
                {
                    Assert.Skip($"npm could not install {Sdk} and {Inspector} (is the npm registry reachable?): {output[^Math.Min(400, output.Length)..]}");
                }
            }

            return folder;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<(int, string)> NpmAsync(string folder, string[] arguments)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, program)));
}
