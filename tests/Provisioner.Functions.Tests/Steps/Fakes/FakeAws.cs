using System.Net;
using Provisioner.Aws;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>
/// The shared ledger of the recording fakes: every call in order ("Service.Action detail"), and faults to
/// inject by action: fail before the call takes effect, or take effect and lose the answer (what a timeout
/// after the request reached AWS looks like to the caller).
/// </summary>
public sealed class FakeAws
{
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action> _before = new(StringComparer.Ordinal);
    private int _ids;

    public IReadOnlyList<string> Calls => _calls;

    /// <summary>Calls of one action, e.g. <c>CreateTargetGroup</c>.</summary>
    public int Count(string action) => _calls.Count(c => c.Split(' ')[0].EndsWith("." + action, StringComparison.Ordinal));

    /// <summary>The next call of <paramref name="action"/> fails with this AWS error and does nothing.</summary>
    public void FailNext(string action, string errorCode, HttpStatusCode status = HttpStatusCode.BadRequest, string? message = null) =>
        Enqueue(action, new Fault(false, new AwsServiceException("fake", action, errorCode, message ?? errorCode, status, "req-fake")));

    /// <summary>The next call of <paramref name="action"/> takes effect, then the caller sees a failure.</summary>
    public void LoseResponse(string action) =>
        Enqueue(action, new Fault(true, new HttpRequestException($"{action}: the connection closed before the answer (injected)")));

    /// <summary>Runs <paramref name="callback"/> just before the next call of <paramref name="action"/> (another actor's move).</summary>
    public void Before(string action, Action callback) => _before[action] = callback;

    public string NewId(string prefix) => $"{prefix}-{NewHex()}";

    /// <summary>16 hex digits, unique within this fake cloud (the id part of ELBv2 ARNs).</summary>
    public string NewHex() => $"{Interlocked.Increment(ref _ids):x16}";

    internal T Call<T>(string service, string action, string detail, Func<T> body)
    {
        _calls.Add($"{service}.{action} {detail}".TrimEnd());
        if (_before.Remove(action, out var callback))
        {
            callback();
        }
        Fault? fault = null;
        if (_faults.TryGetValue(action, out var queue) && queue.Count > 0)
        {
            fault = queue.Dequeue();
        }
        if (fault is { AfterEffect: false })
        {
            throw fault.Exception;
        }
        var result = body();
        if (fault is { AfterEffect: true })
        {
            throw fault.Exception;
        }
        return result;
    }

    internal void Call(string service, string action, string detail, Action body) =>
        Call(service, action, detail, () => { body(); return true; });

    internal static AwsServiceException Error(string service, string action, string code, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(service, action, code, message, status, "req-fake");

    private void Enqueue(string action, Fault fault)
    {
        if (!_faults.TryGetValue(action, out var queue))
        {
            _faults[action] = queue = new Queue<Fault>();
        }
        queue.Enqueue(fault);
    }

    private sealed record Fault(bool AfterEffect, Exception Exception);
}
