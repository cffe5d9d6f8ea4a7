namespace VipAgent.Planner.Tests;

/// <summary>Small descriptors written for these tests (the shared catalog is exercised by the eval test).</summary>
internal static class Descriptors
{
    public const string MonteCarlo = """
    {
      "name": "MonteCarloSim", "tool-version": "2.0", "schema-version": "0.5",
      "description": "Monte Carlo simulation of a dosimetry macro, split into parallel jobs.",
      "command-line": "mcsim [ARCHIVE] [MACRO] [JOB] [NJOBS]",
      "custom": {"vip:intIteratorInputs": ["job"], "vip:overriddenInputs": {"job": "jobs"}},
      "inputs": [
        {"id": "archive", "name": "Simulation archive", "type": "File", "value-key": "[ARCHIVE]", "description": "A zip file with the simulation inputs"},
        {"id": "macro", "name": "Main macro", "type": "String", "value-key": "[MACRO]", "description": "Name of the main macro file"},
        {"id": "jobs", "name": "Number of jobs", "type": "Number", "integer": true, "value-key": "[NJOBS]", "value-choices": [1, 10, 100]},
        {"id": "job", "name": "Job number", "type": "Number", "integer": true, "value-key": "[JOB]"}
      ]
    }
    """;

    public const string SkullStrip = """
    {
      "name": "SkullStripper", "tool-version": "1.0", "schema-version": "0.5",
      "description": "Brain extraction (skull stripping) of T1-weighted MRI volumes.",
      "command-line": "strip [T1] [FRACTION]",
      "suggested-resources": {"ram": 32, "walltime-estimate": 600},
      "inputs": [
        {"id": "t1", "name": "T1 volume", "type": "File", "value-key": "[T1]", "description": "T1-weighted NIfTI volume"},
        {"id": "fraction", "name": "Fractional intensity threshold", "type": "Number", "value-key": "[FRACTION]",
         "command-line-flag": "-f", "optional": true, "minimum": 0, "maximum": 1}
      ]
    }
    """;

    public const string OnnxSegmenter = """
    {
      "name": "LesionNet", "tool-version": "1.0", "schema-version": "0.5",
      "description": "White matter lesion segmentation of FLAIR volumes with an ONNX network.",
      "command-line": "onnx-infer [FLAIR]",
      "custom": {"vipagent:runtime": "onnx"},
      "inputs": [{"id": "flair", "name": "FLAIR volume", "type": "File", "value-key": "[FLAIR]"}]
    }
    """;
}
