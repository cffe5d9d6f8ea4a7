using System.Text.Json.Nodes;
using VipAgent.Evals.Cases;
using VipAgent.Planner.Plans;

namespace VipAgent.Evals.Scoring;

/// <summary>Scores a plan against a case's expectation, deterministically, as the evals README defines.</summary>
public static class CaseScorer
{
    /// <summary>Scores <paramref name="plan"/>; <paramref name="valid"/> says whether every job re-validated.</summary>
    public static CaseResult Score(EvalCase evalCase, Plan plan, bool valid)
    {
        var expect = evalCase.Expect;
        var differences = new List<string>();
        var expectedOutcome = expect["outcome"]?.ToString() ?? "plan";
        var actualOutcome = plan.Outcome.ToString().ToLowerInvariant();
        Check(differences, expectedOutcome == actualOutcome, $"outcome: expected {expectedOutcome}, got {actualOutcome}{(plan.Application is { } planned ? $" ({planned.Name} {planned.Version})" : "")}");
        Check(differences, valid, "validity: a job of the plan does not validate");

        bool? application = null, backend = null, jobs = null, missing = null, reason = null;
        if (expect["application"] is JsonObject app && expectedOutcome != "refuse")
        {
            var name = app["name"]?.ToString();
            var version = app["version"]?.ToString();
            application = plan.Application?.Name == name && (version is null || plan.Application?.Version == version);
            Check(differences, application.Value, $"application: expected {name} {version}, got {plan.Application?.Name} {plan.Application?.Version}");
        }

        int expected = 0, bound = 0, right = 0;
        if (expectedOutcome == "plan")
        {
            backend = plan.Backend == expect["backend"]?.ToString();
            Check(differences, backend.Value, $"backend: expected {expect["backend"]}, got {plan.Backend}");
            jobs = expect["jobs"] is null || plan.JobCount == expect["jobs"]!.GetValue<int>();
            Check(differences, jobs.Value, $"jobs: expected {expect["jobs"]}, got {plan.JobCount}");
            foreach (var (id, value) in expect["parameters"] as JsonObject ?? [])
            {
                expected++;
                var actual = plan.Parameters[id];
                var absentExpected = value is JsonObject m && m["absent"] is not null;
                bound += actual is not null || absentExpected ? 1 : 0;
                var ok = ValueMatcher.Matches(value, actual);
                right += ok ? 1 : 0;
                Check(differences, ok, $"parameter {id}: expected {value?.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
            }
        }
        else if (expectedOutcome == "clarify")
        {
            var wanted = (expect["missing"] as JsonArray ?? []).Select(n => n!.ToString()).Order(StringComparer.Ordinal).ToList();
            missing = wanted.SequenceEqual(plan.Missing.Order(StringComparer.Ordinal));
            Check(differences, missing.Value, $"missing: expected [{string.Join(", ", wanted)}], got [{string.Join(", ", plan.Missing)}]");
        }
        else
        {
            reason = plan.Reason == expect["reason"]?.ToString();
            Check(differences, reason.Value, $"reason: expected {expect["reason"]}, got {plan.Reason}");
        }

        return new CaseResult(evalCase.Id, expectedOutcome, actualOutcome, application, backend, jobs, expected, bound, right, missing, reason, valid, differences);
    }

    private static void Check(List<string> differences, bool ok, string difference)
    {
        if (!ok)
        {
            differences.Add(difference);
        }
    }
}
