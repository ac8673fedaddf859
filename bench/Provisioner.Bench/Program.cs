using System.Globalization;
using Provisioner.Bench;

// dotnet run -c Release --project bench/Provisioner.Bench -- [runs] [seed]            the provisioning makespan
// dotnet run -c Release --project bench/Provisioner.Bench -- teardown [runs] [seed]   the teardown against its bound
var teardown = args.Length > 0 && args[0] == "teardown";
var numbers = teardown ? args[1..] : args;
var runs = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 100;
var seed = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 1;
if (runs < 1)
{
    await Console.Error.WriteLineAsync("runs: must be at least 1");
    return 2;
}
if (teardown)
{
    var teardowns = await TeardownBench.RunAsync(runs, seed, Console.Error, CancellationToken.None);
    Console.WriteLine(TeardownBench.Markdown(teardowns, runs, seed));
    return 0;
}
var results = await MakespanBench.RunAsync(runs, seed, Console.Error, CancellationToken.None);
Console.WriteLine(MakespanBench.Markdown(results, runs, seed));
return 0;
