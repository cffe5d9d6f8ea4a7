using System.Text.Json.Nodes;
using VipAgent.Boutiques.Containers;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Tests.Containers;

public sealed class ContainerWrapperTests
{
    private static (BoutiquesDescriptor, Simulation) Tool(string container)
    {
        var descriptor = BoutiquesDescriptor.Read(JsonNode.Parse($$"""
            {
              "name": "tool", "tool-version": "1", "description": "d", "schema-version": "0.5",
              "command-line": "tool [IN] > log.txt", "container-image": {{container}},
              "inputs": [{ "id": "in", "name": "in", "type": "File", "value-key": "[IN]" }],
              "environment-variables": [{ "name": "MODE", "value": "fast" }]
            }
            """)!.AsObject());
        return (descriptor, Simulator.Simulate(descriptor, JsonNode.Parse("""{ "in": "/data/t1.nii" }""")).Simulation!);
    }

    private static ContainerOptions Options(params string[] engines) => new("/work", "/work/job.sh", engines);

    [Fact]
    public void Wraps_in_docker_with_mounts_environment_and_working_directory()
    {
        var (descriptor, simulation) = Tool("""{ "type": "docker", "image": "org/tool:1", "container-opts": ["--gpus all"] }""");

        var command = ContainerWrapper.Wrap(descriptor, simulation, Options("docker")).Command!;

        command.Argv.ShouldBe(["docker", "run", "--entrypoint=/bin/sh", "--rm", "-e", "MODE=fast", "-v", "/work:/work", "-v", "/data/t1.nii:/data/t1.nii", "-w", "/work", "--gpus", "all", "org/tool:1", "/work/job.sh"]);
        command.Script.ShouldBe("#!/bin/sh -l\ntool /data/t1.nii > log.txt\n");
    }

    [Fact]
    public void Falls_back_to_podman_for_a_docker_image_when_docker_is_absent() =>
        ContainerWrapper.Wrap(Tool("""{ "type": "docker", "image": "org/tool:1" }""").Item1, Tool("""{ "type": "docker", "image": "org/tool:1" }""").Item2, Options("podman", "singularity"))
            .Command!.Argv[0].ShouldBe("podman");

    [Fact]
    public void Runs_a_docker_image_in_apptainer_from_a_local_simg_file()
    {
        var (descriptor, simulation) = Tool("""{ "type": "docker", "image": "org/tool:1", "container-opts": ["--gpus all"] }""");

        var command = ContainerWrapper.Wrap(descriptor, simulation, Options("apptainer")).Command!;

        command.Argv.ShouldBe(["apptainer", "exec", "--cleanenv", "-B", "/work:/work", "-B", "/data/t1.nii:/data/t1.nii", "-W", "/work", "/work/org-tool-1.simg", "/work/job.sh"]);
        command.PullSource.ShouldBe("docker://org/tool:1");
        command.Environment.ShouldBe(new Dictionary<string, string> { ["SINGULARITYENV_MODE"] = "fast" });
    }

    [Fact]
    public void Says_so_when_the_forced_engine_is_not_installed()
    {
        var (descriptor, simulation) = Tool("""{ "type": "singularity", "image": "shub://org/tool" }""");

        ContainerWrapper.Wrap(descriptor, simulation, Options("docker") with { ForcedEngine = "singularity" }).Error.ShouldBe(ContainerWrapper.NoEngine);
    }
}
