using System.Net;

namespace VipAgent.Execution.Dirac;

/// <summary>DiracX no longer accepts our credentials: a person must run <c>vip dirac login</c> again.</summary>
public sealed class DiracAuthenticationException(string message) : Exception(message);

/// <summary>DiracX refused or failed a call for good (after retries), with its status code and <c>detail</c>.</summary>
public sealed class DiracApiException(string message, HttpStatusCode? statusCode = null, string? detail = null) : Exception(message)
{
    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>DiracX's <c>detail</c> text (FastAPI error body), when it sent one.</summary>
    public string? Detail { get; } = detail;

    /// <summary>Whether the failure may pass by itself (5xx, 408, 429, network, timeout).</summary>
    public bool IsTransient => StatusCode is null || (int)StatusCode >= 500 || StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
