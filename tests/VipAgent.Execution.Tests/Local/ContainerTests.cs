using VipAgent.Execution.Containers;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;

namespace VipAgent.Execution.Tests.Local;

public sealed class ContainerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private JobSpec ImageJob(string id) =>
        new(id, _temp.Combine(id), JobCommand.FromArgv("bet", "t1.nii", "brain; rm -rf /"))
        {
            ContainerImage = "docker.io/vip/fsl:6.0",
            Environment = new Dictionary<string, string> { ["FSLOUTPUTTYPE"] = "NIFTI_GZ" },
        };

    /// <summary>A stand-in runtime named like the real one: prints its argv, one per line, then the job variables it sees.</summary>
    private string FakeRuntime(string name)
    {
        var path = _temp.Write($"bin/{name}", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\nenv | grep -E '^(APPTAINERENV_|FSLOUTPUTTYPE)' || true\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private async Task<string[]> RunAndReadArgvAsync(string runtime, JobSpec spec)
    {
        await using var backend = new LocalBackend(
            new LocalBackendOptions { ContainerRuntime = runtime }, new ContentStore(_temp.Combine("store")), TimeProvider.System);
        var job = (await backend.SubmitAsync([spec], TestContext.Current.CancellationToken)).Single();
        (await Jobs.WaitAsync(backend, job, TimeSpan.FromSeconds(30))).State.ShouldBe(JobState.Completed);
        return File.ReadAllLines(JobFiles.StandardOutput(job.WorkingDirectory));
    }

    [Fact]
    public async Task Runs_a_job_that_names_an_image_through_docker_with_its_folder_mounted_and_values_intact()
    {
        var spec = ImageJob("docker");

        var argv = await RunAndReadArgvAsync(FakeRuntime("docker"), spec);

        var folder = spec.WorkingDirectory;
        argv.ShouldBe(["run", "--rm", "-v", $"{folder}:{folder}", "-w", folder, "-e", "FSLOUTPUTTYPE=NIFTI_GZ",
            "docker.io/vip/fsl:6.0", "bet", "t1.nii", "brain; rm -rf /"]);
    }

    [Fact]
    public async Task Runs_through_apptainer_with_the_environment_passed_as_apptainerenv_variables()
    {
        var spec = ImageJob("apptainer");

        var argv = await RunAndReadArgvAsync(FakeRuntime("apptainer"), spec);

        argv.ShouldBe(["exec", "--pwd", spec.WorkingDirectory, "--bind", spec.WorkingDirectory,
            "docker.io/vip/fsl:6.0", "bet", "t1.nii", "brain; rm -rf /", "APPTAINERENV_FSLOUTPUTTYPE=NIFTI_GZ"]);
    }

    [Fact]
    public async Task Refuses_a_job_that_needs_an_image_when_no_runtime_is_present_and_says_how_to_run_it_anyway()
    {
        var refusal = Should.Throw<ContainerRuntimeMissingException>(() => JobFiles.Launch(ImageJob("none"), runtime: null));

        refusal.Message.ShouldContain("docker.io/vip/fsl:6.0");
        refusal.Message.ShouldContain("no-container");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Runs_on_the_host_when_the_job_says_no_container()
    {
        var spec = new JobSpec("host", _temp.Combine("host"), JobCommand.FromArgv("/bin/echo", "on the host"))
        {
            ContainerImage = "docker.io/vip/fsl:6.0",
            NoContainer = true,
        };

        var argv = await RunAndReadArgvAsync(FakeRuntime("podman"), spec);

        argv.ShouldBe(["on the host"]);
    }

    public void Dispose() => _temp.Dispose();
}
