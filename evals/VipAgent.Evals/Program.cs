using VipAgent.Evals.Cli;

return EvalCommand.Run(args, Console.Out, Console.Error);
