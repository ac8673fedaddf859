using System.Text.Json.Nodes;

namespace Provisioner.Functions.Api.Events;

/// <summary>The phases an event reports; the same for a step and its <c>.Undo</c>.</summary>
public static class EventPhase
{
    public const string Started = "started";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Waiting = "waiting";
}

/// <summary>One entry of an environment's events feed; <see cref="Id"/> is also the cursor that follows it.</summary>
public sealed record EnvironmentEvent(string Id, DateTimeOffset At, string Step, string Phase, string Message, string? Branch)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["at"] = Registry.RegistryItem.Time(At),
        ["step"] = Step,
        ["phase"] = Phase,
        ["message"] = Message,
        ["branch"] = Branch,
    };
}

/// <summary>One page of the feed; <see cref="Next"/> is the cursor for the following page.</summary>
public sealed record EventsPage(IReadOnlyList<EnvironmentEvent> Events, string? Next);
