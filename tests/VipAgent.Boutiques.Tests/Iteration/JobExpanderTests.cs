using System.Text.Json.Nodes;
using VipAgent.Boutiques.Iteration;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Tests.Iteration;

public sealed class JobExpanderTests
{
    private static BoutiquesDescriptor Descriptor(string custom) => BoutiquesDescriptor.Read(JsonNode.Parse($$"""
        {
          "name": "t", "tool-version": "1", "description": "d", "schema-version": "0.5",
          "command-line": "t [A] [B] [C] [NB] [JOB]",
          "inputs": [
            { "id": "a", "name": "a", "type": "File", "value-key": "[A]" },
            { "id": "b", "name": "b", "type": "String", "value-key": "[B]" },
            { "id": "c", "name": "c", "type": "String", "list": true, "value-key": "[C]", "optional": true },
            { "id": "numberOfJobs", "name": "n", "type": "Number", "integer": true, "value-key": "[NB]", "optional": true },
            { "id": "jobNumber", "name": "j", "type": "Number", "integer": true, "value-key": "[JOB]", "optional": true }
          ],
          "custom": {{custom}}
        }
        """)!.AsObject());

    private static List<string> Jobs(Expansion expansion) => expansion.Jobs.Select(CanonicalJson.Serialize).ToList();

    [Fact]
    public void Expands_a_gate_style_int_iterator_into_one_job_per_index()
    {
        var gate = Descriptor("""{ "vip:intIteratorInputs": ["jobNumber"], "vip:overriddenInputs": { "jobNumber": "numberOfJobs" } }""");

        var expansion = JobExpander.Expand(gate, JsonNode.Parse("""{ "a": "macro.zip", "b": "x", "numberOfJobs": 3 }""")!.AsObject());

        Jobs(expansion).ShouldBe([
            """{"a":"macro.zip","b":"x","jobNumber":0,"numberOfJobs":3}""",
            """{"a":"macro.zip","b":"x","jobNumber":1,"numberOfJobs":3}""",
            """{"a":"macro.zip","b":"x","jobNumber":2,"numberOfJobs":3}""",
        ]);
    }

    [Fact]
    public void Crosses_multi_valued_inputs_and_keeps_a_list_input_whole()
    {
        var expansion = JobExpander.Expand(Descriptor("{}"), JsonNode.Parse("""{ "a": ["1", "2"], "b": ["x", "y"], "c": ["p", "q"] }""")!.AsObject());

        Jobs(expansion).ShouldBe([
            """{"a":"1","b":"x","c":["p","q"]}""",
            """{"a":"1","b":"y","c":["p","q"]}""",
            """{"a":"2","b":"x","c":["p","q"]}""",
            """{"a":"2","b":"y","c":["p","q"]}""",
        ]);
    }

    [Fact]
    public void Iterates_dot_inputs_pairwise_and_crosses_the_rest()
    {
        var expansion = JobExpander.Expand(Descriptor("""{ "vip:dot": ["a", "b"] }"""), JsonNode.Parse("""{ "a": ["1", "2"], "b": ["x", "y"], "c": [["p"], ["q"]] }""")!.AsObject());

        Jobs(expansion).ShouldBe([
            """{"a":"1","b":"x","c":["p"]}""",
            """{"a":"1","b":"x","c":["q"]}""",
            """{"a":"2","b":"y","c":["p"]}""",
            """{"a":"2","b":"y","c":["q"]}""",
        ]);
    }

    [Fact]
    public void Refuses_dot_inputs_of_different_lengths()
    {
        var expansion = JobExpander.Expand(Descriptor("""{ "vip:dot": ["a", "b"] }"""), JsonNode.Parse("""{ "a": ["1", "2"], "b": ["x"] }""")!.AsObject());

        expansion.Jobs.ShouldBeEmpty();
        expansion.Problems.ShouldHaveSingleItem().Message.ShouldContain("'a' has 2, 'b' has 1");
    }

    [Fact]
    public void Expands_a_directory_input_into_its_matching_files()
    {
        var descriptor = Descriptor("""{ "vip:directoryInputs": { "a": { "patterns": ["*.nii.gz"] } } }""");
        IReadOnlyList<string> List(string directory) => [$"{directory}/s1.nii.gz", $"{directory}/notes.txt", $"{directory}/s2.nii.gz"];

        var expansion = JobExpander.Expand(descriptor, JsonNode.Parse("""{ "a": "/data", "b": "x" }""")!.AsObject(), List);

        Jobs(expansion).ShouldBe(["""{"a":"/data/s1.nii.gz","b":"x"}""", """{"a":"/data/s2.nii.gz","b":"x"}"""]);
    }

    [Fact]
    public void Refuses_more_jobs_than_the_limit()
    {
        var expansion = JobExpander.Expand(Descriptor("""{ "vip:intIteratorInputs": ["jobNumber"] }"""), JsonNode.Parse("""{ "a": "m", "b": "x", "jobNumber": 1001 }""")!.AsObject(), maxJobs: 1000);

        expansion.Problems.ShouldHaveSingleItem().Message.ShouldBe("This invocation expands into 1001 jobs, more than the limit of 1000.");
    }

    [Fact]
    public void Drops_inputs_given_as_null()
    {
        var expansion = JobExpander.Expand(Descriptor("{}"), JsonNode.Parse("""{ "a": "m", "b": "x", "c": null }""")!.AsObject());

        Jobs(expansion).ShouldBe(["""{"a":"m","b":"x"}"""]);
    }
}
