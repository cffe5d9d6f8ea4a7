using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Model;

/// <summary>One input of a descriptor, with bosh's defaults filled in (list separator and flag separator " ").</summary>
public sealed record InputSpec(
    string Id,
    string Type,
    string? ValueKey,
    bool List,
    string ListSeparator,
    bool Optional,
    string? Flag,
    string FlagSeparator,
    JsonNode? DefaultValue,
    JsonArray? ValueChoices,
    bool Integer,
    double? Minimum,
    double? Maximum,
    bool ExclusiveMinimum,
    bool ExclusiveMaximum,
    int? MinListEntries,
    int? MaxListEntries,
    IReadOnlyList<string> RequiresInputs,
    IReadOnlyList<string> DisablesInputs)
{
    public bool IsFlag => Type == "Flag";

    public bool IsText => Type is "String" or "File";
}

/// <summary>One <c>{condition: template}</c> entry of a conditional-path-template.</summary>
public sealed record ConditionalTemplate(string Condition, string Template)
{
    public bool IsDefault => Condition == "default";
}

public sealed record OutputSpec(
    string Id,
    string? ValueKey,
    string? PathTemplate,
    IReadOnlyList<ConditionalTemplate>? ConditionalPathTemplate,
    IReadOnlyList<string> StrippedExtensions,
    bool Optional,
    string? Flag,
    string FlagSeparator,
    bool UsesAbsolutePath,
    IReadOnlyList<string>? FileTemplate);

public sealed record GroupSpec(string Id, IReadOnlyList<string> Members, bool MutuallyExclusive, bool OneIsRequired, bool AllOrNone);

public sealed record EnvironmentVariableSpec(string Name, string Value);

public sealed record ContainerSpec(string Type, string? Image, string? Index, IReadOnlyList<string> ContainerOpts);

/// <summary>
/// A descriptor read into typed records. Reading is lenient (missing fields take bosh's defaults);
/// call <see cref="DescriptorValidator"/> first to know whether the descriptor is valid.
/// </summary>
public sealed record BoutiquesDescriptor(
    string Name,
    string CommandLine,
    IReadOnlyList<InputSpec> Inputs,
    IReadOnlyList<OutputSpec> Outputs,
    IReadOnlyList<GroupSpec> Groups,
    IReadOnlyList<EnvironmentVariableSpec> EnvironmentVariables,
    ContainerSpec? Container,
    JsonObject Custom)
{
    private readonly Dictionary<string, InputSpec> _inputs = ById(Inputs, i => i.Id);
    private readonly Dictionary<string, OutputSpec> _outputs = ById(Outputs, o => o.Id);
    private readonly Dictionary<string, GroupSpec> _groups = ById(Groups, g => g.Id);

    public InputSpec? FindInput(string id) => _inputs.GetValueOrDefault(id);

    public OutputSpec? FindOutput(string id) => _outputs.GetValueOrDefault(id);

    public GroupSpec? FindGroup(string id) => _groups.GetValueOrDefault(id);

    // The first of duplicate ids wins (the validator reports duplicates).
    private static Dictionary<string, T> ById<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var map = new Dictionary<string, T>(items.Count);
        foreach (var item in items)
        {
            map.TryAdd(id(item), item);
        }

        return map;
    }

    public static BoutiquesDescriptor Read(JsonObject json) => DescriptorReader.Read(json);
}
