using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// CloudWatch Logs export tasks on the clock (PENDING -> RUNNING -> COMPLETED; moto completes them at
/// once), and AWS's rule that an account has one active (PENDING or RUNNING) export task at a time:
/// a second CreateExportTask fails with <c>LimitExceededException</c>. CancelExportTask ends a task.
/// The tasks and the cancellations are kept in the layer's state (a task's clock is in the timeline's), so the
/// one-at-a-time rule holds across a restart over the same emulator.
/// </summary>
internal sealed class ExportTaskLifecycle(RealismLayer layer) : ICallBehavior, IDisposable, IPersistentState
{
    private readonly ConcurrentDictionary<string, ResourceClock> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _cancelled = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _createGate = new(1, 1);

    private sealed record SavedTasks(List<string> Tasks, List<string> Cancelled);

    public string StateName => "exportTasks";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(
        new SavedTasks([.. _tasks.Keys.Order(StringComparer.Ordinal)], [.. _cancelled.Keys.Order(StringComparer.Ordinal)]), LocalCloudState.Json)!;

    /// <summary>Each task's clock comes back with the timeline (attached first).</summary>
    public void LoadState(JsonNode saved)
    {
        var tasks = saved.Deserialize<SavedTasks>(LocalCloudState.Json);
        foreach (var id in tasks?.Tasks ?? [])
        {
            if (layer.Timeline.Find(ClockKey(id)) is { } clock)
            {
                _tasks.TryAdd(id, clock);
            }
        }
        foreach (var id in tasks?.Cancelled ?? [])
        {
            _cancelled.TryAdd(id, true);
        }
    }

    private static string ClockKey(string taskId) => "export-task:" + taskId;

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "logs")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "CreateExportTask":
            {
                await _createGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var now = layer.Time.GetUtcNow();
                    var active = _tasks.FirstOrDefault(t => !t.Value.IsDone(now) && !_cancelled.ContainsKey(t.Key));
                    if (active.Key is not null)
                    {
                        return AwsErrors.Create(call, HttpStatusCode.BadRequest, "LimitExceededException",
                            $"Resource limit exceeded. (export task {active.Key} is still active; one active export task per account)");
                    }
                    var response = await next(call, cancellationToken).ConfigureAwait(false);
                    return await ResponseRewriter.JsonAsync(response, json =>
                    {
                        if (json["taskId"]?.GetValue<string>() is { } taskId)
                        {
                            _tasks[taskId] = layer.Timeline.Start(ClockKey(taskId), LatencyKind.LogExportTask);
                            layer.State.Changed();
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _createGate.Release();
                }
            }
            case "CancelExportTask":
            {
                var taskId = call.Json["taskId"]?.GetValue<string>();
                if (taskId is not null && _tasks.TryGetValue(taskId, out var clock))
                {
                    if (clock.IsDone(layer.Time.GetUtcNow()) || _cancelled.ContainsKey(taskId))
                    {
                        return AwsErrors.Create(call, HttpStatusCode.BadRequest, "InvalidOperationException",
                            "The operation is not valid on the specified resource (the export task is not active).");
                    }
                    _cancelled[taskId] = true;
                    layer.State.Changed();
                    var ok = new HttpResponseMessage(HttpStatusCode.OK)
                    {
                        Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
                        RequestMessage = call.Request,
                    };
                    return ok;
                }
                return await next(call, cancellationToken).ConfigureAwait(false);
            }
            case "DescribeExportTasks":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                var statusFilter = call.Json["statusCode"]?.GetValue<string>();
                return await ResponseRewriter.JsonAsync(response, json =>
                {
                    if (json["exportTasks"] is not JsonArray tasks)
                    {
                        return;
                    }
                    foreach (var task in tasks.OfType<JsonObject>())
                    {
                        if (task["taskId"]?.GetValue<string>() is not { } id || !_tasks.TryGetValue(id, out var clock))
                        {
                            continue;
                        }
                        var (code, message) = _cancelled.ContainsKey(id) ? ("CANCELLED", "Cancelled by user")
                            : clock.IsDone(now) ? ("COMPLETED", "Completed successfully")
                            : clock.Progress(now) < 0.1 ? ("PENDING", "Pending")
                            : ("RUNNING", "Started successfully");
                        task["status"] = new JsonObject { ["code"] = code, ["message"] = message };
                    }
                    if (statusFilter is not null)
                    {
                        foreach (var task in tasks.OfType<JsonObject>().Where(t => t["status"]?["code"]?.GetValue<string>() != statusFilter).ToList())
                        {
                            tasks.Remove(task);
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _createGate.Dispose();
}
