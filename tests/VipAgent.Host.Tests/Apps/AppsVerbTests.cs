using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Apps;

public sealed class AppsVerbTests : IDisposable
{
    private const string Descriptor = """
        {
          "name": "smooth", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Smooths a volume.",
          "command-line": "smooth [INPUT] [SIGMA] [OUTPUT]",
          "inputs": [
            {"id": "input", "name": "Input", "type": "File", "value-key": "[INPUT]"},
            {"id": "sigma", "name": "Sigma", "type": "Number", "value-key": "[SIGMA]", "command-line-flag": "-s",
             "minimum": 0, "optional": true},
            {"id": "out", "name": "Output name", "type": "String", "value-key": "[OUTPUT]"}
          ],
          "output-files": [{"id": "result", "name": "Result", "path-template": "[OUTPUT].nii.gz"}],
          "custom": {"vip:intIteratorInputs": ["sigma"]}
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-apps-").FullName;

    [Fact]
    public async Task Validate_accepts_a_valid_descriptor_with_exit_code_0()
    {
        var run = await VipCli.RunAsync(["apps", "validate", Write("smooth.json", Descriptor)]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldContain("valid (smooth 1.0)");
    }

    [Fact]
    public async Task Validate_reads_a_repeated_key_as_bosh_does_keeping_the_last_value()
    {
        var repeated = Descriptor.Replace("\"tool-version\": \"1.0\",", "\"tool-version\": \"0.9\", \"tool-version\": \"1.0\",", StringComparison.Ordinal);

        var run = await VipCli.RunAsync(["apps", "validate", Write("repeated.json", repeated)]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldContain("valid (smooth 1.0)");
    }

    [Fact]
    public async Task Validate_lists_every_problem_one_per_line_with_exit_code_2()
    {
        var broken = Descriptor.Replace("\"[OUTPUT].nii.gz\"", "\"[NOPE].nii.gz\"", StringComparison.Ordinal)
            .Replace("\"name\": \"smooth\", ", "", StringComparison.Ordinal);

        var run = await VipCli.RunAsync(["apps", "validate", Write("broken.json", broken)]);

        run.ExitCode.ShouldBe(2);
        var lines = run.StandardError.Trim().Split('\n');
        lines.Length.ShouldBeGreaterThanOrEqualTo(1);
        lines.ShouldContain(l => l.Contains("$.name", StringComparison.Ordinal));
        lines.ShouldAllBe(l => l.StartsWith(Path.Combine(_folder, "broken.json"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Simulate_prints_the_command_line_with_user_values_quoted()
    {
        var invocation = Write("inv.json", """{"input": "my scan.nii", "out": "a;rm -rf x", "sigma": 1.5}""");

        var run = await VipCli.RunAsync(["apps", "simulate", Write("smooth.json", Descriptor), invocation]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.Trim().ShouldBe("smooth 'my scan.nii' -s 1.5 'a;rm -rf x'");
    }

    [Fact]
    public async Task Simulate_json_gives_argv_outputs_config_files_and_environment()
    {
        var invocation = Write("inv.json", """{"input": "scan.nii", "out": "result"}""");

        var run = await VipCli.RunAsync(["apps", "simulate", "--json", Write("smooth.json", Descriptor), invocation]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        var json = JsonDocument.Parse(run.StandardOutput).RootElement;
        json.GetProperty("commandLine").GetString().ShouldBe("smooth scan.nii result");
        json.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).ShouldBe(["smooth", "scan.nii", "result"]);
        json.GetProperty("outputFiles").GetProperty("result").GetString().ShouldBe("result.nii.gz");
        json.TryGetProperty("configFiles", out _).ShouldBeTrue();
        json.TryGetProperty("environment", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Simulate_rejects_an_invocation_that_breaks_the_descriptor_rules_with_exit_code_2()
    {
        var invocation = Write("inv.json", """{"input": "scan.nii", "sigma": -1}""");

        var run = await VipCli.RunAsync(["apps", "simulate", Write("smooth.json", Descriptor), invocation]);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("'out'");
        run.StandardError.ShouldContain("$.sigma");
        run.StandardOutput.ShouldBeEmpty();
    }

    [Fact]
    public async Task Expand_makes_one_job_per_iterated_value()
    {
        var invocation = Write("inv.json", """{"input": "scan.nii", "out": "r", "sigma": 4}""");

        var run = await VipCli.RunAsync(["apps", "expand", Write("smooth.json", Descriptor), invocation]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        var jobs = JsonDocument.Parse(run.StandardOutput).RootElement.EnumerateArray().ToList();
        jobs.Select(j => j.GetProperty("sigma").GetInt32()).ShouldBe([0, 1, 2, 3]);
        jobs.ShouldAllBe(j => j.GetProperty("input").GetString() == "scan.nii");
    }

    [Fact]
    public async Task A_missing_file_is_named_with_exit_code_2()
    {
        var run = await VipCli.RunAsync(["apps", "validate", Path.Combine(_folder, "absent.json")]);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("absent.json");
        run.StandardError.ShouldContain("no such file");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
