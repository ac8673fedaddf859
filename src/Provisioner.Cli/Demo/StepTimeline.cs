using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;

namespace Provisioner.Cli.Demo;

/// <summary>
/// Records every handler invocation on the simulated clock and folds them into steps: a step runs from its
/// first invocation to the end of its last (so CreateAsg spans its Run and the health checks, and an Undo
/// spans every call until its resources are gone). Reports progress as it happens.
/// </summary>
public sealed class StepTimeline(TimeProvider clock, DateTimeOffset origin, Action<StepEvent>? progress = null)
{
    private readonly Action<StepEvent>? _progress = progress;
    private readonly ConcurrentQueue<Invocation> _invocations = new();
    private readonly ConcurrentDictionary<string, byte> _started = new(StringComparer.Ordinal);

    public IEnumerable<IFunctionHandler> Wrap(IEnumerable<IFunctionHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        // The spec check is not one of the nine steps the report lists: it passes through unrecorded.
        return handlers.Select(h => h.Name == ValidateSpec.HandlerName ? h : new Recording(h, this));
    }

    /// <summary>The step a handler belongs to: <c>X.Run</c> and <c>X.Check</c> are step X, <c>X.Undo</c> is <c>X.Undo</c>.</summary>
    public static string StepOf(string handlerName)
    {
        ArgumentNullException.ThrowIfNull(handlerName);
        var dot = handlerName.LastIndexOf('.');
        var step = dot < 0 ? handlerName : handlerName[..dot];
        return handlerName.EndsWith(".Undo", StringComparison.Ordinal) ? step + ".Undo" : step;
    }

    /// <summary>Time zero of the run on the simulated clock.</summary>
    public DateTimeOffset Origin => origin;

    public double SecondsSinceOrigin => (clock.GetUtcNow() - origin).TotalSeconds;

    /// <summary>One line per step, in the order they started.</summary>
    public IReadOnlyList<StepReport> Steps()
    {
        return _invocations
            .GroupBy(i => StepOf(i.Handler), StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(i => i.Start).ToList();
                var start = ordered[0].Start;
                var end = ordered.Max(i => i.End);
                var status = ordered[^1].Error is null ? "SUCCEEDED" : "FAILED";
                return new StepReport(g.Key, status, Round(start), Round(end - start), ordered.Count, ordered[^1].Error);
            })
            .OrderBy(s => s.StartedAtSeconds)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static double Round(double seconds) => Math.Round(seconds, 1);

    private static string Remaining(JsonNode? output) =>
        output?["remaining"] is JsonArray { Count: > 0 } remaining ? ": " + string.Join(", ", remaining.Select(r => (string?)r)) : "";

    private sealed record Invocation(string Handler, double Start, double End, string? Error);

    private sealed class Recording(IFunctionHandler inner, StepTimeline timeline) : IFunctionHandler
    {
        public string Name => inner.Name;

        public async Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken)
        {
            var step = StepOf(Name);
            var start = timeline.SecondsSinceOrigin;
            if (timeline._started.TryAdd(step, 0))
            {
                timeline._progress?.Invoke(new StepEvent(start, step, "started", null));
            }
            try
            {
                var output = await inner.InvokeAsync(input, cancellationToken).ConfigureAwait(false);
                var end = timeline.SecondsSinceOrigin;
                timeline._invocations.Enqueue(new Invocation(Name, start, end, null));
                var what = (string?)output?["status"] switch
                {
                    "WAITING" => $"waiting (next look in {(double?)output?["waitSeconds"] ?? 0:0} s{Remaining(output)})",
                    "READY" => "ready",
                    _ => "done",
                };
                timeline._progress?.Invoke(new StepEvent(end, Name, what, null));
                return output;
            }
            catch (Exception ex)
            {
                var end = timeline.SecondsSinceOrigin;
                var error = ex is Core.Steps.StepFailedException failed ? $"{failed.ErrorName}: {ex.Message}" : $"{ex.GetType().Name}: {ex.Message}";
                timeline._invocations.Enqueue(new Invocation(Name, start, end, error));
                timeline._progress?.Invoke(new StepEvent(end, Name, "failed", error));
                throw;
            }
        }
    }
}

/// <summary>A step started, finished, or failed (one attempt), at a simulated time.</summary>
public sealed record StepEvent(double AtSeconds, string Step, string What, string? Error);

/// <summary>One step of the run: when it started, how long it took (simulated seconds), and how it ended.</summary>
public sealed record StepReport(string Name, string Status, double StartedAtSeconds, double DurationSeconds, int Invocations, string? LastError);
