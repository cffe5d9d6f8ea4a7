using VipAgent.Host.Cli;
using VipAgent.Tools.Planning;

namespace VipAgent.Host.Planning;

/// <summary>
/// The opt-in model planner's configuration: <c>VipAgent:Planner:Endpoint</c> (an OpenAI-compatible base URL),
/// <c>:Model</c>, <c>:ApiKey</c> and <c>:TimeoutSeconds</c> (appsettings.json or <c>VipAgent__Planner__Endpoint</c> ...).
/// No endpoint: the offline planner alone, the default.
/// </summary>
internal static class ModelPlannerSettings
{
    private const string Section = "VipAgent:Planner";

    /// <summary>The configured endpoint, or null when none is; a bad value is an input error (exit 2).</summary>
    public static ModelEndpoint? Read(HostSettings settings)
    {
        var section = settings.Configuration.GetSection(Section);
        var endpoint = section["Endpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw VipException.InvalidInput("VIP7020", $"{Section}:Endpoint '{endpoint}' is not an http(s) URL: give the OpenAI-compatible base URL, e.g. http://localhost:11434/v1 for Ollama.");
        }

        var model = section["Model"];
        if (string.IsNullOrWhiteSpace(model))
        {
            throw VipException.InvalidInput("VIP7020", $"{Section}:Model is not set: name the model the endpoint serves (VipAgent__Planner__Model), e.g. llama3.1.");
        }

        var timeout = section["TimeoutSeconds"];
        if (timeout is null)
        {
            return new ModelEndpoint(uri, model.Trim(), section["ApiKey"]);
        }

        return int.TryParse(timeout, out var seconds) && seconds is > 0 and <= 3600
            ? new ModelEndpoint(uri, model.Trim(), section["ApiKey"]) { Timeout = TimeSpan.FromSeconds(seconds) }
            : throw VipException.InvalidInput("VIP7020", $"{Section}:TimeoutSeconds '{timeout}' must be a whole number of seconds between 1 and 3600.");
    }
}
