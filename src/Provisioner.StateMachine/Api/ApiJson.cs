using System.Text.Json.Nodes;

using Provisioner.StateMachine.History;

namespace Provisioner.StateMachine.Api;

/// <summary>AWS JSON 1.0 shapes: dates as epoch seconds, history events with their details member.</summary>
internal static class ApiJson
{
    public static JsonNode Date(DateTimeOffset time) => JsonValue.Create(Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3));

    public static JsonObject WithToken(JsonObject response, string? nextToken)
    {
        if (nextToken is not null)
        {
            response["nextToken"] = nextToken;
        }

        return response;
    }

    public static JsonObject Event(HistoryEvent historyEvent, bool includeData)
    {
        var json = new JsonObject
        {
            ["timestamp"] = Date(historyEvent.Timestamp),
            ["type"] = historyEvent.Type,
            ["id"] = historyEvent.Id,
            ["previousEventId"] = historyEvent.PreviousEventId,
        };
        if (HistoryEventTypes.DetailsMember(historyEvent.Type) is { } member && historyEvent.Details is { } details)
        {
            var copy = (JsonObject)details.DeepClone();
            if (!includeData)
            {
                copy.Remove("input");
                copy.Remove("output");
            }

            json[member] = copy;
        }

        return json;
    }
}
