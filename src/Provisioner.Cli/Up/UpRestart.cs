using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using Provisioner.LocalCloud.Realism;
using Provisioner.StateMachine.Engine;

namespace Provisioner.Cli.Up;

/// <summary>
/// What a restarted <c>up</c> needs besides the engine's own resume (its history in SQLite) and the scheduler's
/// progress: the simulated now, kept current while it runs (a SIGKILL skips every dispose), and the registry
/// brought up to the executions that ended while nobody listened (a kill between an execution's end and the
/// registry write, or an execution the resumed engine finished before the status handler was there). On AWS,
/// EventBridge retries the status-change event; locally this is that retry.
/// </summary>
internal static class UpRestart
{
    public const string ClockFile = "clock.json";

    /// <summary>LocalCloud's own memory (<see cref="LocalCloudState"/>), for a moto that outlives <c>up</c> (<c>AWS_ENDPOINT_URL</c>).</summary>
    public const string CloudStateFile = "localcloud.json";

    /// <summary>How often, in real time, the simulated now is written while <c>up</c> runs.</summary>
    public static readonly TimeSpan ClockSaveInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The simulated instant to resume from: the latest of the saved clock and LocalCloud's last write (which may
    /// be later: the clock is saved every <see cref="ClockSaveInterval"/>, LocalCloud's state on every change), so
    /// simulated time never runs backwards across a kill. Null: a new data folder.
    /// </summary>
    public static DateTimeOffset? SavedClock(string dataDir)
    {
        var file = Path.Combine(dataDir, ClockFile);
        DateTimeOffset? clock = File.Exists(file) && JsonNode.Parse(File.ReadAllText(file))?["now"]?.GetValue<string>() is { } now
            ? DateTimeOffset.Parse(now, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;
        var cloud = LocalCloudState.SavedNow(Path.Combine(dataDir, CloudStateFile));
        return clock is null ? cloud : cloud is null ? clock : clock > cloud ? clock : cloud;
    }

    /// <summary>Writes the simulated now atomically (a temporary file, then a rename): a kill leaves the old or the new one.</summary>
    public static void SaveClock(string dataDir, DateTimeOffset now)
    {
        var file = Path.Combine(dataDir, ClockFile);
        var temp = file + ".tmp";
        File.WriteAllText(temp, new JsonObject { ["now"] = now.ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Saves the clock every <see cref="ClockSaveInterval"/> of real time (a sample of the process, not a wait of the simulation) until cancelled.</summary>
    public static async Task KeepClockAsync(string dataDir, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ClockSaveInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                SaveClock(dataDir, clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: DisposeAsync writes the last one.
        }
    }

    /// <summary>
    /// Applies the end of every execution the registry still shows running (CREATING or DELETING) but the engine
    /// has closed. Idempotent (the handler ignores a change that is no longer current). Returns the executions applied.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CatchUpStatusAsync(IEnvironmentRegistry registry, StateMachineEngine engine, ExecutionStatusChanged status, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        foreach (var record in await registry.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (!EnvironmentStatus.IsBusy(record.Status) || record.ExecutionArn is not { } arn)
            {
                continue;
            }
            Provisioner.StateMachine.Storage.ExecutionRecord execution;
            try
            {
                execution = await engine.DescribeExecutionAsync(arn).ConfigureAwait(false);
            }
            catch (StepFunctionsException e) when (e.ErrorCode == "ExecutionDoesNotExist")
            {
                continue; // never started: ReconcileAsync starts it
            }
            if (execution.Status == "RUNNING")
            {
                continue;
            }
            var change = new ExecutionStatusChange(execution.Arn, execution.Status, execution.Error, execution.Cause, execution.Output);
            if (await status.ApplyAsync(change, cancellationToken).ConfigureAwait(false) == StatusChangeResult.Applied)
            {
                applied.Add(record.ExecutionName);
            }
        }
        return applied;
    }
}
