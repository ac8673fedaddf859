using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Execution;

/// <summary>
/// Runs child lines concurrently (Parallel branches, Map workers) and waits for all. Each child holds
/// the clock with its own hold, made before the parent's is suspended, and the last child resumes the
/// parent before it ends, so virtual time never sees an idle moment in between. The first failure
/// cancels the siblings and is rethrown.
/// </summary>
internal static class ForkJoin
{
    public static async Task RunAsync(ExecutionRun run, int count, Func<int, CancellationToken, Task> child, CancellationToken cancellation)
    {
        if (count == 0)
        {
            return;
        }

        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var remaining = count;
        Exception? firstFailure = null;
        var parent = run.Clock.Current;
        var holds = new ClockHold?[count];
        for (var i = 0; i < count; i++)
        {
            holds[i] = run.Clock.Hold();
        }

        parent?.Suspend();
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                EngineClock.Enter(holds[index]);
                try
                {
                    await child(index, siblings.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    if (Interlocked.CompareExchange(ref firstFailure, e, null) is null)
                    {
                        await siblings.CancelAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        parent?.Resume();
                    }

                    holds[index]?.End();
                }
            }, CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        if (firstFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(firstFailure);
        }
    }
}
