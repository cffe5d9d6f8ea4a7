using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VipAgent.Host.Database;

namespace VipAgent.Host.Tests.Database;

public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly string _dataDir = VipAgent.Testing.VipCli.NewDataDir();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Data_written_before_a_restart_is_there_after_it()
    {
        var cluster = new EmbeddedCluster(DataFolder.Open(_dataDir), NullLogger.Instance, fast: true);
        await using (var first = await cluster.AcquireAsync(_ct))
        {
            first.StartedHere.ShouldBeTrue();
            await ExecuteAsync(first.ConnectionString, "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('kept')");
        }

        cluster.RunningPort().ShouldBeNull("the last user out stops the server");

        await using var second = await cluster.AcquireAsync(_ct);
        second.StartedHere.ShouldBeTrue();
        await using var connection = new NpgsqlConnection(second.ConnectionString);
        await connection.OpenAsync(_ct);
        (await new NpgsqlCommand("SELECT text FROM notes", connection).ExecuteScalarAsync(_ct)).ShouldBe("kept");
    }

    [Fact]
    public async Task A_second_user_joins_the_running_server_and_the_last_one_out_stops_it()
    {
        var cluster = new EmbeddedCluster(DataFolder.Open(_dataDir), NullLogger.Instance, fast: true);
        var first = await cluster.AcquireAsync(_ct);
        var second = await cluster.AcquireAsync(_ct);

        second.StartedHere.ShouldBeFalse();
        second.Port.ShouldBe(first.Port);

        await first.DisposeAsync();
        cluster.RunningPort().ShouldBe(second.Port, "another user still holds the server");
        await ExecuteAsync(second.ConnectionString, "SELECT 1");

        await second.DisposeAsync();
        cluster.RunningPort().ShouldBeNull();
    }

    [Fact]
    public async Task The_server_accepts_only_the_password_kept_in_the_data_folder()
    {
        var cluster = new EmbeddedCluster(DataFolder.Open(_dataDir), NullLogger.Instance, fast: true);
        await using var lease = await cluster.AcquireAsync(_ct);
        var wrong = new NpgsqlConnectionStringBuilder(lease.ConnectionString) { Password = "guess" }.ConnectionString;

        var error = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(wrong, "SELECT 1"));

        error.SqlState.ShouldBe(PostgresErrorCodes.InvalidPassword);
        File.GetUnixFileMode(Path.Combine(_dataDir, "postgres.secret")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task As_root_the_server_runs_as_the_postgres_account()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "runs only as root (the ordinary-user case is covered by OrdinaryUserTests)");
        var cluster = new EmbeddedCluster(DataFolder.Open(_dataDir), NullLogger.Instance, fast: true);
        await using var lease = await cluster.AcquireAsync(_ct);

        var pid = File.ReadLines(Path.Combine(_dataDir, "postgres", "postmaster.pid")).First();
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status", _ct);
        var uid = status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        uid.ShouldNotBe("0");
        var passwd = await File.ReadAllLinesAsync("/etc/passwd", _ct);
        passwd.ShouldContain(l => l.StartsWith($"postgres:x:{uid}:", StringComparison.Ordinal));
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(_ct);
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync(_ct);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        ClusterProbe.Delete(_dataDir);
    }
}
