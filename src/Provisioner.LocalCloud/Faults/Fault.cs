namespace Provisioner.LocalCloud.Faults;

/// <summary>
/// One injected fault: applies to the next <see cref="Times"/> calls of <see cref="Service"/>:<see cref="Action"/>
/// (signing names, e.g. <c>elasticloadbalancing</c>/<c>CreateLoadBalancer</c>; <c>*</c> matches any).
/// </summary>
public sealed class Fault
{
    private int _remaining;
    private int _hits;
    private int _held;

    public Fault(string service, string action, FaultKind kind, int times = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        Service = service;
        Action = action;
        Kind = kind;
        Times = times;
        _remaining = times;
    }

    public string Service { get; }
    public string Action { get; }
    public FaultKind Kind { get; }
    public int Times { get; }

    /// <summary>For <see cref="FaultKind.Error"/>: the AWS error code (default <c>InternalFailure</c>).</summary>
    public string ErrorCode { get; init; } = "InternalFailure";

    public string ErrorMessage { get; init; } = "Injected fault.";

    /// <summary>For <see cref="FaultKind.Error"/>: the HTTP status (default 400).</summary>
    public int HttpStatus { get; init; } = 400;

    /// <summary>For <see cref="FaultKind.Delay"/>: how long to hold the call.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(5);

    public LostResponseMode LostAs { get; init; } = LostResponseMode.ServerError;

    /// <summary>Calls that have not been hit yet.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Calls this fault has been applied to.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>For <see cref="FaultKind.Delay"/>: calls being held right now (their timer is running).</summary>
    public int Held => Volatile.Read(ref _held);

    internal void Hold(int delta) => Interlocked.Add(ref _held, delta);

    internal bool Matches(string service, string action) =>
        (Service == "*" || string.Equals(Service, service, StringComparison.Ordinal)) &&
        (Action == "*" || string.Equals(Action, action, StringComparison.Ordinal));

    internal bool TryConsume()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }

    public override string ToString() => $"{Kind} {Service}:{Action} x{Times} ({Remaining} left)";
}
