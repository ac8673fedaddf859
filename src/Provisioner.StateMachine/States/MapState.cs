using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.States;

/// <summary>
/// Map (inline): runs the ItemProcessor once per item of ItemsPath, at most MaxConcurrency at a
/// time (0 = no limit); the result is the array of iteration outputs in item order.
/// </summary>
internal sealed record MapState : ExecutionState
{
    public override string Type => "Map";

    public required StateMachineBody ItemProcessor { get; init; }

    public DataPath ItemsPath { get; init; } = DataPath.Root;

    /// <summary>ItemSelector, or the older Parameters field which means the same for Map.</summary>
    public PayloadTemplate? ItemSelector { get; init; }

    public int MaxConcurrency { get; init; }

    public JsonPathExpression? MaxConcurrencyPath { get; init; }

    protected override async Task<JsonNode?> RunAsync(StateVisit visit, JsonNode? effective, int attempt)
    {
        var paths = visit.Paths(effective);
        var items = ResolveItems(paths);
        var concurrency = ResolveConcurrency(paths);
        visit.Emit(HistoryEventTypes.MapStateStarted, new JsonObject { ["length"] = items.Count });
        var outputs = new JsonNode?[items.Count];
        var workers = concurrency == 0 ? items.Count : Math.Min(concurrency, items.Count);
        var nextItem = -1;
        await JournalFanOutAsync(visit, HistoryEventTypes.MapStateSucceeded, HistoryEventTypes.MapStateFailed, () =>
            ForkJoin.RunAsync(visit.Run, workers, async (_, cancellation) =>
            {
                for (var i = Interlocked.Increment(ref nextItem); i < items.Count; i = Interlocked.Increment(ref nextItem))
                {
                    outputs[i] = await RunIterationAsync(visit, attempt, i, items[i], effective, cancellation).ConfigureAwait(false);
                }
            }, visit.Cancellation)).ConfigureAwait(false);
        return new JsonArray(outputs);
    }

    private async Task<JsonNode?> RunIterationAsync(StateVisit visit, int attempt, int index, JsonNode? item, JsonNode? effective, CancellationToken cancellation)
    {
        var scope = $"{visit.OpKey}@{attempt}/i{index}";
        var frame = visit.Frame.Child(scope, cancellation);
        var replay = visit.Run.Journal.ReplayFor(scope);
        var iteration = new JsonObject { ["name"] = Name, ["index"] = index };
        Record(visit, frame, replay, HistoryEventTypes.MapIterationStarted, iteration, scope);
        var mapItem = new JsonObject { ["Index"] = index, ["Value"] = item?.DeepClone() };
        var input = ItemSelector is null ? item?.DeepClone() : ItemSelector.Evaluate(visit.PathsForItem(effective, mapItem));
        try
        {
            var output = await BranchRunner.RunAsync(visit.Run, ItemProcessor, input, frame).ConfigureAwait(false);
            Record(visit, frame, replay, HistoryEventTypes.MapIterationSucceeded, (JsonObject)iteration.DeepClone(), scope);
            return output;
        }
        catch (StatesFailureException)
        {
            Record(visit, frame, replay, HistoryEventTypes.MapIterationFailed, (JsonObject)iteration.DeepClone(), scope);
            throw;
        }
        catch (OperationCanceledException) when (visit.Run.StopReason != StopReason.Shutdown)
        {
            Record(visit, frame, replay, HistoryEventTypes.MapIterationAborted, (JsonObject)iteration.DeepClone(), scope);
            throw;
        }
    }

    private static void Record(StateVisit visit, BranchFrame frame, OpReplay replay, string type, JsonObject details, string scope)
    {
        if (!replay.TryTake(type, out _))
        {
            frame.LastEventId = visit.Run.Journal.Append(type, frame.LastEventId, details, scope).Id;
        }
    }

    private JsonArray ResolveItems(PathContext paths)
    {
        var items = ItemsPath.Path is null
            ? null
            : ItemsPath.IsRoot ? paths.Data : paths.Select(ItemsPath.Path, () => $"Invalid path '{ItemsPath}' : No results for path: {ItemsPath}");
        return items as JsonArray
            ?? throw new StatesFailureException(StatesErrorNames.Runtime,
                $"Map state '{Name}': ItemsPath '{ItemsPath}' must select a JSON array, got {items?.ToJsonString() ?? "null"}.");
    }

    private int ResolveConcurrency(PathContext paths)
    {
        if (MaxConcurrencyPath is null)
        {
            return MaxConcurrency;
        }

        var value = paths.Select(MaxConcurrencyPath, () => $"Invalid path '{MaxConcurrencyPath.Text}' : No results for path: {MaxConcurrencyPath.Text}");
        return JsonNumbers.TryInteger(value, out var n) && n >= 0 && n <= int.MaxValue
            ? (int)n
            : throw new StatesFailureException(StatesErrorNames.Runtime,
                $"Map state '{Name}': MaxConcurrencyPath must select a non-negative integer, got {value?.ToJsonString() ?? "null"}.");
    }
}
