using System.Text.Json.Nodes;
using VipAgent.Planner.Binding;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Tests.Binding;

public sealed class NamedFileAndPlainValueTests
{
    private static readonly CatalogApplication PairedScans = CatalogApplication.Read("""
    {
      "name": "PairedScans", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Lesion segmentation from a T2 and a STIR image of one exam.",
      "command-line": "paired [T2] [STIR]",
      "custom": {"vip:dot": ["t2_archive", "stir_archive"]},
      "inputs": [
        {"id": "t2_archive", "name": "T2 archive", "type": "File", "value-key": "[T2]", "description": "NIfTI ZIP of T2 image"},
        {"id": "stir_archive", "name": "STIR archive", "type": "File", "value-key": "[STIR]", "description": "NIfTI ZIP of STIR images"}
      ]
    }
    """);

    private static readonly CatalogApplication TaskRunner = CatalogApplication.Read("""
    {
      "name": "TaskPrep", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Functional preprocessing of one subject.",
      "command-line": "taskprep [SUBJECT] [TASK] [TR]",
      "inputs": [
        {"id": "subject_dir", "name": "Subject folder", "type": "File", "value-key": "[SUBJECT]"},
        {"id": "task_id", "name": "Task id", "type": "String", "optional": true, "value-key": "[TASK]", "description": "Only this task"},
        {"id": "TR", "name": "TR", "type": "String", "optional": true, "value-key": "[TR]"}
      ]
    }
    """);

    [Fact]
    public void Binds_each_file_to_the_input_its_own_name_writes_whatever_words_follow_it()
    {
        string[] files = ["a_t2.zip", "b_t2.zip", "a_stir.zip", "b_stir.zip"];
        var binding = ParameterBinder.Bind(PairedScans, "Two exams: a_t2.zip / a_stir.zip, b_t2.zip / b_stir.zip (every T2 with its STIR)", files);

        Names(binding.Parameters["t2_archive"]).ShouldBe(["a_t2.zip", "b_t2.zip"]);
        Names(binding.Parameters["stir_archive"]).ShouldBe(["a_stir.zip", "b_stir.zip"]);
    }

    [Fact]
    public void Reads_a_plain_word_right_next_to_the_input_name_as_its_value()
    {
        var binding = ParameterBinder.Bind(TaskRunner, "TaskPrep on sub-02, only the nback task, and add ICA-AROMA please", ["sub-02"]);

        binding.Parameters["task_id"]!.ToString().ShouldBe("nback");
    }

    [Fact]
    public void Takes_the_value_after_an_equals_sign_over_the_plain_word_before_the_input_name()
    {
        var binding = ParameterBinder.Bind(TaskRunner, "TaskPrep on sub-02 with spin echo, TR = 2000", ["sub-02"]);

        binding.Parameters["TR"]!.ToString().ShouldBe("2000");
    }

    private static List<string> Names(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => n!.ToString())];
}
