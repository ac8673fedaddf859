namespace Provisioner.Functions.Steps;

/// <summary>
/// The teardown's answer to functions that outlive their execution. Stopping an execution (StopExecution: the API's
/// delete of an environment still being created, an expiry) stops waiting for its running function, not the function:
/// a Run started before the teardown can still create its resource after the Undo looked. Lambda stops every
/// invocation at its timeout, so once the teardown's start plus that timeout has passed, no Run can create anything
/// more: until then an Undo that found nothing left answers WAITING, and its next pass (Undo is its own check)
/// removes whatever a late Run made. Written once for every Undo; the wait costs at most one function timeout per
/// teardown (the chains wait side by side, and the Undos after the first of a chain are past it).
/// </summary>
public static class InFlightRuns
{
    public static Func<UndoInput, CancellationToken, Task<UndoResult>> WaitOut(
        string step, TimeProvider time, TimeSpan functionTimeout, Func<UndoInput, CancellationToken, Task<UndoResult>> undo)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(undo);
        return async (input, cancellationToken) =>
        {
            ArgumentNullException.ThrowIfNull(input);
            // The pass counts only if it began once no Run could still create: a resource made during it may be missed.
            var passStarted = time.GetUtcNow();
            var result = await undo(input, cancellationToken).ConfigureAwait(false);
            if (result.Status != UndoStatus.Done || input.StartedAt is not { } started || passStarted >= started + functionTimeout)
            {
                return result;
            }
            var quiet = started + functionTimeout;
            return UndoResult.Waiting(quiet - time.GetUtcNow(),
                [$"{step}: nothing left, but a Run started before the teardown may still create until {quiet:yyyy-MM-ddTHH:mm:ssZ} (its Lambda timeout)"]);
        };
    }
}
