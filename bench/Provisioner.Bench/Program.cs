using System.Globalization;
using Provisioner.Bench;

// dotnet run -c Release --project bench/Provisioner.Bench -- [runs] [seed]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
if (runs < 1)
{
    await Console.Error.WriteLineAsync("runs: must be at least 1");
    return 2;
}
var results = await MakespanBench.RunAsync(runs, seed, Console.Error, CancellationToken.None);
Console.WriteLine(MakespanBench.Markdown(results, runs, seed));
return 0;
