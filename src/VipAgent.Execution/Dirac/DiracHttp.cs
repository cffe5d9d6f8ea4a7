using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// Sends a DiracX call with retries: transient failures (5xx, 408, 429, network errors, timeouts) are retried
/// after the configured delays; anything else is returned to the caller to judge. The request is rebuilt per attempt.
/// </summary>
internal sealed class DiracHttp(HttpClient http, DiracOptions options, TimeProvider time)
{
    /// <summary>The JSON settings of every DiracX body.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How many HTTP requests went out (benchmarks report it).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    private long _requests;

    public HttpClient Client => http;

    /// <summary>Sends <paramref name="build"/>'s request until it answers non-transiently or the retries run out.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken, bool retry = true)
    {
        var attempt = 0;
        while (true)
        {
            HttpResponseMessage? response = null;
            Exception? failure = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(options.RequestTimeout);
                try
                {
                    Interlocked.Increment(ref _requests);
                    using var request = build();
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                }
                catch (HttpRequestException e)
                {
                    failure = e;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"{what}: no answer within {options.RequestTimeout.TotalSeconds:0.#} s.", e);
                }
            }

            var transient = response is null || IsTransient(response.StatusCode);
            if (!transient)
            {
                return response!;
            }

            if (!retry || attempt >= options.RetryDelays.Count)
            {
                if (response is not null)
                {
                    return response;
                }

                throw new DiracApiException($"{what} failed after {attempt + 1} attempts: {failure!.Message}");
            }

            response?.Dispose();
            await Task.Delay(options.RetryDelays[attempt++], time, cancellationToken);
        }
    }

    /// <summary>Whether an answer with this status may be retried as it is.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>Turns a refusal into an exception naming the call, the status and DiracX's <c>detail</c>.</summary>
    public static async Task<DiracApiException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var detail = await DetailAsync(response, cancellationToken);
        return new DiracApiException(
            $"{what}: DiracX answered {(int)response.StatusCode} {response.StatusCode}{(detail is null ? "" : ": " + detail)}",
            response.StatusCode,
            detail);
    }

    /// <summary>The <c>detail</c> (or OAuth <c>error</c>) of a FastAPI error body, as text.</summary>
    public static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "detail", "error" })
                {
                    if (json.RootElement.TryGetProperty(name, out var value))
                    {
                        return value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: keep the start of the text
        }

        return text.Length == 0 ? null : text[..Math.Min(text.Length, 300)];
    }

    /// <summary>A JSON body.</summary>
    public static JsonContent Body<T>(T value) => JsonContent.Create(value, options: Json);
}
