namespace Provisioner.StateMachine.Execution;

/// <summary>
/// Runs child lines concurrently (Parallel branches, Map workers) and waits for all. The parent's
/// clock token goes to the children and comes back with the last of them, so virtual time never
/// sees an idle moment in between. The first failure cancels the siblings and is rethrown.
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
        run.Clock.AddThreads(count - 1);
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
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
                    if (Interlocked.Decrement(ref remaining) > 0)
                    {
                        run.Clock.ExitThread();
                    }
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
