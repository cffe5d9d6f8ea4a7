using VipAgent.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
