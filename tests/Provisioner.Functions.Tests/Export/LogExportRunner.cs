using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Aws.Scheduler;
using Provisioner.Core.Steps;
using Provisioner.Functions.Export;

namespace Provisioner.Functions.Tests.Export;

/// <summary>
/// Plays one execution of statemachine/log-export.asl.json against the worker's functions, its Waits as advances
/// of the fake clock (the state machine itself runs on the local engine in the Cli tests). <see cref="Steps"/>
/// records the states it passed, so a test can interleave executions step by step.
/// </summary>
public sealed class LogExportRunner(LogExportWorker worker, FakeTimeProvider time)
{
    public const string Queued = "Queued";
    public const string Done = "Done";
    public const string SlotLost = "SlotLost";

    public static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(60);

    // WaitQueued's wait is the same 60 s as WaitSlot's.

    public List<string> Steps { get; } = [];

    /// <summary>Runs the execution to its end; returns the Succeed state it ended in.</summary>
    public async Task<string> RunAsync(EnqueueInput input, CancellationToken cancellationToken, int maxSteps = 10_000) =>
        await ContinueAsync(input, await worker.EnqueueAsync(input, cancellationToken), cancellationToken, maxSteps);

    /// <summary>Runs the execution on from its Enqueue state, which answered <paramref name="slot"/>.</summary>
    public async Task<string> ContinueAsync(EnqueueInput input, AcquireOutput slot, CancellationToken cancellationToken, int maxSteps = 10_000)
    {
        var holder = new HolderInput(input.Holder);
        for (var step = 0; step < maxSteps; step++)
        {
            if (!slot.Acquired)
            {
                if (!input.Final)
                {
                    return Queued;
                }
                // Final? -> WaitQueued -> Reacquire: a final export waits for the slot instead of relying on the holder.
                time.Advance(SlotWait);
                slot = await worker.AcquireAsync(holder, cancellationToken);
                continue;
            }
            try
            {
                while (step++ < maxSteps)
                {
                    var next = await worker.StartAsync(holder, cancellationToken);
                    Steps.Add(next.State);
                    if (next.State == LogExportWorker.Started)
                    {
                        CheckOutput check;
                        do
                        {
                            time.Advance(ExportWait);
                            check = await worker.CheckAsync(new CheckInput(input.Holder, next.Task!), cancellationToken);
                        }
                        while (!check.Done && step++ < maxSteps);
                        Steps.Add(check.Status);
                    }
                    else if (next.State == LogExportWorker.Busy)
                    {
                        time.Advance(SlotWait);
                    }
                    else if (next.State == LogExportWorker.Idle)
                    {
                        break;
                    }
                }
            }
            catch (StepFailedException ex) when (ex.ErrorName == LogExportWorker.LeaseLost)
            {
                return SlotLost;
            }
            var release = await worker.ReleaseAsync(holder, cancellationToken);
            if (!release.More)
            {
                return Done;
            }
            slot = await worker.AcquireAsync(holder, cancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"The log-export execution {input.Holder} did not end in {maxSteps} steps.");
    }
}
