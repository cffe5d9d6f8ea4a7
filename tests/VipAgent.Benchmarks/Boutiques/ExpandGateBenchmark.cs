using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using VipAgent.Boutiques.Iteration;
using VipAgent.Boutiques.Model;

namespace VipAgent.Benchmarks.Boutiques;

/// <summary>Issue 3 target: expand a GATE-style intIterator invocation into 100,000 job invocations in under 1 s.</summary>
[MemoryDiagnoser]
public class ExpandGateBenchmark
{
    private BoutiquesDescriptor _descriptor = null!;
    private JsonObject _invocation = null!;

    [GlobalSetup]
    public void Build()
    {
        _descriptor = BoutiquesDescriptor.Read(JsonNode.Parse("""
            {
              "name": "GATE", "tool-version": "9.4.1", "description": "Monte Carlo", "schema-version": "0.5",
              "command-line": "launchGate.sh [INPUT] [JOBNB] [NBJOBS] [MACFILE]",
              "inputs": [
                { "id": "GateInput", "name": "input", "type": "File", "value-key": "[INPUT]" },
                { "id": "numberOfJobs", "name": "n", "type": "Number", "integer": true, "value-key": "[NBJOBS]" },
                { "id": "jobNumber", "name": "j", "type": "Number", "integer": true, "value-key": "[JOBNB]", "optional": true },
                { "id": "macfile", "name": "mac", "type": "String", "value-key": "[MACFILE]" }
              ],
              "custom": { "vip:intIteratorInputs": ["jobNumber"], "vip:overriddenInputs": { "jobNumber": "numberOfJobs" } }
            }
            """)!.AsObject());
        _invocation = JsonNode.Parse("""{ "GateInput": "/vip/Home/gate.zip", "numberOfJobs": 100000, "macfile": "mac/main.mac" }""")!.AsObject();
    }

    [Benchmark(Description = "expand GATE invocation into 100,000 jobs")]
    public int Expand() => JobExpander.Expand(_descriptor, _invocation).Jobs.Count;
}
