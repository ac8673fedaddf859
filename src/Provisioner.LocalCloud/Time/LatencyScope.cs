namespace Provisioner.LocalCloud.Time;

/// <summary>
/// Names the work an AWS call belongs to (a task invocation such as <c>CreateAmi.Run#1</c>), so the latency
/// model draws by what the simulation does rather than by ids the emulator makes up: the same run then gets
/// the same durations however its branches interleave. Calls outside a scope draw by their own key.
/// </summary>
public static class LatencyScope
{
    private static readonly AsyncLocal<string?> Name = new();

    /// <summary>The scope of the calling flow, if any.</summary>
    public static string? Current => Name.Value;

    /// <summary>Sets the scope of the calling flow (and the flows it starts); call it inside the async method that owns the work.</summary>
    public static void Enter(string name) => Name.Value = name;
}
