using Npgsql;
using VipAgent.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace VipAgent.Host.Tests.Database;

public sealed class PostgresFixtureTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_test_class_gets_its_own_empty_database()
    {
        var first = await postgres.CreateDatabaseAsync(nameof(PostgresFixtureTests));
        var second = await postgres.CreateDatabaseAsync(nameof(PostgresFixtureTests));

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await new NpgsqlCommand("CREATE TABLE marker (id int)", connection).ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        var tables = await new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'", other)
            .ExecuteScalarAsync(TestContext.Current.CancellationToken);
        tables.ShouldBe(0L);
    }
}
