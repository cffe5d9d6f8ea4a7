using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

/// <summary>The contract server refuses what DiracX refuses, so a client passing against it does not send those.</summary>
public sealed class DiracXContractTests : IAsyncLifetime
{
    private DiracXServer _server = null!;
    private HttpClient _http = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await DiracXServer.StartAsync(new DiracXServerOptions { TickInterval = null }, Token);
        _http = new HttpClient { BaseAddress = _server.Url };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _server.Tokens.Issue("vipuser").Access);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> Submit(params string[] jdls) =>
        _http.PostAsync("/api/jobs/jdl", Json(JsonSerializer.Serialize(jdls)), Token);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<string> Detail(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").ToString();

    [Fact]
    public async Task Refuses_21_jobs_in_one_request_and_creates_none()
    {
        using var response = await Submit([.. Enumerable.Repeat("Executable = \"a.sh\";", 21)]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Detail(response)).ShouldContain("more than 20 jobs");
        _server.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_a_parametric_JDL_of_21_values()
    {
        using var response = await Submit("Executable = \"a.sh\"; Parameters = 21;");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Refuses_a_parametric_JDL_inside_a_bulk_array()
    {
        using var response = await Submit("Executable = \"a.sh\"; Parameters = 2;", "Executable = \"b.sh\";");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Detail(response)).ShouldContain("bulk fashion");
    }

    [Theory]
    [InlineData("Executable = \"a.sh\"")]
    [InlineData("[ Executable = \"a.sh\"; ]")]
    public async Task Accepts_a_JDL_with_or_without_brackets_and_final_semicolon(string jdl)
    {
        using var response = await Submit(jdl);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("Executable = \"a.sh; Arguments = \"x\";")]
    [InlineData("Executable = \"a.sh\" Arguments = \"x\";")]
    [InlineData("Executable = \"line\nbreak\";")]
    [InlineData("Executable = \"a.sh\"; Executable = \"b.sh\";")]
    [InlineData("Arguments = \"no executable\";")]
    [InlineData("Executable = \"a.sh\"; CPUTime = 50;")]
    [InlineData("Executable = \"a.sh\"; Priority = 11;")]
    [InlineData("Executable = \"a.sh\"; InputSandbox = {\"/home/me/local.sh\"};")]
    public async Task Refuses_a_bad_JDL_with_400(string jdl)
    {
        using var response = await Submit(jdl);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _server.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refuses_a_submission_that_is_not_JSON()
    {
        using var response = await _http.PostAsync("/api/jobs/jdl", new StringContent("[\"Executable = \\\"a\\\";\"]"), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Expands_a_parametric_JDL_in_parameter_order_starting_in_Submitting()
    {
        using var response = await Submit("Executable = \"a.sh\"; JobName = \"p-%n-%s\"; Parameters = {\"x\", \"y\", \"z\"};");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        _server.Jobs.Select(j => j.JobName).ShouldBe(["p-0-x", "p-1-y", "p-2-z"]);
        _server.Jobs.ShouldAllBe(j => j.Status == "Submitting" && j.MinorStatus == "Bulk transaction confirmation");
    }

    [Fact]
    public async Task Pages_with_206_and_Content_Range_then_416_past_the_end()
    {
        using (await Submit([.. Enumerable.Repeat("Executable = \"a.sh\";", 15)]))
        {
        }

        using var first = await _http.PostAsync("/api/jobs/search?page=1&per_page=10", Json("{}"), Token);
        using var last = await _http.PostAsync("/api/jobs/search?page=2&per_page=10", Json("{}"), Token);
        using var past = await _http.PostAsync("/api/jobs/search?page=3&per_page=10", Json("{}"), Token);
        using var all = await _http.PostAsync("/api/jobs/search?page=1&per_page=100", Json("{}"), Token);
        using var tooBig = await _http.PostAsync("/api/jobs/search?page=1&per_page=10001", Json("{}"), Token);

        first.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        first.Content.Headers.GetValues("Content-Range").Single().ShouldBe("jobs 0-9/15");
        last.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        last.Content.Headers.GetValues("Content-Range").Single().ShouldBe("jobs 10-14/15");
        past.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        past.Content.Headers.GetValues("Content-Range").Single().ShouldBe("jobs */15");
        all.StatusCode.ShouldBe(HttpStatusCode.OK);
        tooBig.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Status_changes_follow_the_state_machine_and_need_timezone_aware_times()
    {
        using (await Submit("Executable = \"a.sh\";"))
        {
        }

        var id = _server.Jobs.Single().JobId;
        _server.SetStatus(id, "Done", "Execution Complete");
        using var naive = await Patch($"{{\"{id}\": {{\"2025-05-25T07:03:35\": {{\"Status\": \"Deleted\"}}}}}}");
        using var refused = await Patch($"{{\"{id}\": {{\"2025-05-25T07:03:35+00:00\": {{\"Status\": \"Killed\"}}}}}}");
        using var deleted = await Patch($"{{\"{id}\": {{\"2025-05-25T07:03:35Z\": {{\"Status\": \"Deleted\"}}}}}}");

        naive.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Detail(refused)).ShouldContain("Done -> Killed");
        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        _server.Jobs.Single().Status.ShouldBe("Deleted");
    }

    [Fact]
    public async Task A_presigned_upload_carrying_the_bearer_token_is_refused()
    {
        using var response = await _http.PostAsync("/s3/sandboxes", new MultipartFormDataContent(), Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Detail(response)).ShouldContain("Authorization");
    }

    private Task<HttpResponseMessage> Patch(string body) =>
        _http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/jobs/status") { Content = Json(body) }, Token);
}
