using System.Globalization;
using Provisioner.CrashResume.Bench;

// dotnet run -c Release --project bench/Provisioner.CrashResume.Bench -- [output file] [seed] [environments] [kills]
// Writes the "Crash-resume under load" section of RELIABILITY.md (or the given file), keeping the rest; progress on stderr.
var output = args.Length > 0 ? args[0] : "RELIABILITY.md";
var options = new CrashResumeOptions(
    Seed: args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1,
    Environments: args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 24,
    Kills: args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5);
var started = DateTimeOffset.UtcNow;
var report = await CrashResumeBench.RunAsync(options, Console.Error, CancellationToken.None);
var command = $"dotnet run -c Release --project bench/Provisioner.CrashResume.Bench -- {output} {options.Seed.ToString(CultureInfo.InvariantCulture)} {options.Environments.ToString(CultureInfo.InvariantCulture)} {options.Kills.ToString(CultureInfo.InvariantCulture)}";
var section = CrashResumeMarkdown.Section(report, started, command);
var existing = File.Exists(output) ? await File.ReadAllTextAsync(output) : "# Reliability\n";
await File.WriteAllTextAsync(output, CrashResumeMarkdown.Replace(existing, section));
Console.Error.WriteLine($"{(report.Passed ? "passed" : "FAILED")}; written to {output}");
return report.Passed ? 0 : 1;
