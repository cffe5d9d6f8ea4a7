using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace VipAgent.Host.Cli;

/// <summary>Logging for the one-shot verbs: warnings and errors, one line each, on stderr so stdout stays clean.</summary>
public static class CliLogging
{
    public static ILoggerFactory CreateFactory() =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(Environment.GetEnvironmentVariable("VIPAGENT_VERBOSE") == "1" ? LogLevel.Debug : LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
