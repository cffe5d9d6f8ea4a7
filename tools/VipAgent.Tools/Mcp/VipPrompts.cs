using System.ComponentModel;
using ModelContextProtocol.Server;

namespace VipAgent.Tools.Mcp;

/// <summary>Prompts that guide an assistant through VipAgent's workflow.</summary>
[McpServerPromptType]
public sealed class VipPrompts
{
    [McpServerPrompt(Name = "design_experiment", Title = "Design an experiment")]
    [Description("Walks an assistant from a research goal to verified results: find the application, plan, review with the person, approve, submit, follow, verify.")]
    public static string DesignExperiment(
        [Description("The research goal in plain words, e.g. 'skull-strip the 40 T1 images in /data/study'.")] string goal,
        [Description("True when the data is identifiable patient data (it then stays on this site's backends).")] bool sensitive = false) =>
        $"""
        You help a researcher run an experiment with VipAgent. Their goal: "{goal}".{(sensitive ? " The data is identifiable patient data: pass sensitive=true." : "")}

        1. Call search_applications (and get_application) to see which application fits; tell the person which one and why.
        2. Call plan_experiment with the goal, the files it names and sensitive={(sensitive ? "true" : "false")}.
           - outcome "clarify": ask the person for each input in "missing", then plan again.
           - outcome "refuse": explain the reason; do not work around it.
        3. Review the plan with the person: application and version, backend, number of jobs, estimated CPU-hours, the reasons,
           and one job's command line. Change nothing yourself; if they want changes, plan again with a refined goal.
        4. Only when the person agrees, call approve_plan with the planId, then submit_plan.
        5. Poll get_execution until finished is true (do not poll more than every few seconds).
        6. Call get_results, then verify_execution; report whether the record is clean. Offer export_provenance (prov or ro-crate).
        Never submit a plan the person has not approved.
        """;
}
