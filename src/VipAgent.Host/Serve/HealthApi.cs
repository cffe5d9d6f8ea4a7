using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace VipAgent.Host.Serve;

/// <summary>GET /health: 200 once the database answers, 503 while it starts or when it stops answering.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync);
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(DatabaseStatus status, CancellationToken ct)
    {
        if (status.DataSource is not { } dataSource || status.Description is not { } db)
        {
            var state = status.Failure is null ? "starting" : "failed";
            return Unavailable(new HealthReport("unhealthy", new DatabaseHealth("vipagent", state, null, null, null, status.Failure)));
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
            return TypedResults.Ok(new HealthReport("healthy",
                new DatabaseHealth(db.Name, "ready", db.Embedded, $"{db.Host}:{db.Port}", connection.ServerVersion, null)));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return Unavailable(new HealthReport("unhealthy",
                new DatabaseHealth(db.Name, "unreachable", db.Embedded, $"{db.Host}:{db.Port}", null, e.Message)));
        }
    }

    private static JsonHttpResult<HealthReport> Unavailable(HealthReport report) =>
        TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
}

public sealed record HealthReport(string Status, DatabaseHealth Database);

public sealed record DatabaseHealth(string Name, string State, bool? Embedded, string? Address, string? ServerVersion, string? Error);
