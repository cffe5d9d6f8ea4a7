using System.ComponentModel;
using System.Text.Json;

namespace VipAgent.Tools.Catalog;

/// <summary>One application as search_applications lists it.</summary>
public sealed record ApplicationListing(
    [property: Description("The application's name, as get_application and plan_experiment take it.")] string Name,
    [property: Description("Its latest published tool-version.")] string LatestVersion,
    [property: Description("Every published tool-version, oldest first.")] IReadOnlyList<string> Versions,
    [property: Description("What the application does (the descriptor's description).")] string? Description,
    [property: Description("Tags as key or key:value.")] IReadOnlyList<string> Tags,
    [property: Description("Why it should no longer be used, when deprecated.")] string? Deprecated);

/// <summary>What search_applications returns.</summary>
public sealed record ApplicationSearch(
    [property: Description("The applications that match, by name.")] IReadOnlyList<ApplicationListing> Applications);

/// <summary>One input of an application version.</summary>
public sealed record ApplicationInput(
    [property: Description("The input id: the key of an invocation.")] string Id,
    [property: Description("The input's readable name.")] string? Name,
    [property: Description("File, String, Number or Flag.")] string? Type,
    [property: Description("True when an invocation may leave it out.")] bool Optional,
    [property: Description("True when it takes a list of values.")] bool List,
    [property: Description("What the input means.")] string? Description,
    [property: Description("The allowed values, when the descriptor restricts them.")] IReadOnlyList<JsonElement>? Choices,
    [property: Description("The default value, when there is one.")] JsonElement? Default);

/// <summary>What get_application returns: one exact, immutable application version.</summary>
public sealed record ApplicationDetails(
    [property: Description("The application's name.")] string Name,
    [property: Description("The tool-version described.")] string Version,
    [property: Description("SHA-256 of the descriptor's canonical JSON: the identity of this version in provenance.")] string DescriptorSha256,
    [property: Description("The container image it runs in, if any.")] string? ContainerImage,
    [property: Description("Every published tool-version of the application.")] IReadOnlyList<string> Versions,
    [property: Description("The inputs an invocation may give.")] IReadOnlyList<ApplicationInput> Inputs,
    [property: Description("The resource holding the full Boutiques descriptor.")] string DescriptorUri);

/// <summary>What validate_invocation returns.</summary>
public sealed record InvocationCheck(
    [property: Description("True when the invocation is valid for this application version.")] bool Valid,
    [property: Description("The application version checked against.")] string Version,
    [property: Description("Each problem: a JSON path into the invocation and what is wrong.")] IReadOnlyList<string> Problems,
    [property: Description("The command line the invocation runs, when valid.")] string? CommandLine);
