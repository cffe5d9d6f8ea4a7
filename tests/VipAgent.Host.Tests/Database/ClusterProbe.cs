using Microsoft.Extensions.Logging.Abstractions;
using VipAgent.Host.Database;

namespace VipAgent.Host.Tests.Database;

/// <summary>Looks at a data folder from outside: is its PostgreSQL server running, and on which port.</summary>
internal static class ClusterProbe
{
    public static int? RunningPort(string dataDir) =>
        Directory.Exists(dataDir) ? new EmbeddedCluster(DataFolder.Open(dataDir), NullLogger.Instance).RunningPort() : null;

    public static void Delete(string dataDir)
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
