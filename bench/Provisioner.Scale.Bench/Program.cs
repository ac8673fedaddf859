using System.Globalization;
using Provisioner.Scale.Bench;

// dotnet run -c Release --project bench/Provisioner.Scale.Bench -- [environments] [seed]
var environments = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
if (environments < 1)
{
    await Console.Error.WriteLineAsync("environments: must be at least 1");
    return 2;
}
var phases = await ScaleBench.RunAsync(environments, seed, Console.Error, CancellationToken.None);
Console.WriteLine(ScaleBench.Markdown(phases, seed));
return phases.All(p => p.Failed == 0) ? 0 : 1;
