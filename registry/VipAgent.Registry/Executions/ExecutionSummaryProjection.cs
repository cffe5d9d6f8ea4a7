using JasperFx.Events;
using Marten.Events.Aggregation;

namespace VipAgent.Registry.Executions;

/// <summary>Keeps <see cref="ExecutionSummary"/> documents in step with execution streams (inline).</summary>
public sealed class ExecutionSummaryProjection : SingleStreamProjection<ExecutionSummary, string>
{
    public ExecutionSummaryProjection()
    {
        foreach (var type in RegistryEvents.ByName.Values.Where(t => t.Namespace == typeof(ExecutionPlanned).Namespace))
        {
            IncludeType(type);
        }
    }

    public override ExecutionSummary? Evolve(ExecutionSummary? snapshot, string id, IEvent e) =>
        ExecutionHistory.Evolve(snapshot, e.Data);
}
