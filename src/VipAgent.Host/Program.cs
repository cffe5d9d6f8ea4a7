using VipAgent.Host.Cli;

return await VipCommandLine.RunAsync(args);
