using Provisioner.Cli;

return await CliApp.RunAsync(args, new CliIo(Console.In, Console.Out, Console.Error)).ConfigureAwait(false);
