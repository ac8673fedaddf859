using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Engine;

namespace Provisioner.StateMachine.Api;

/// <summary>The JSON body of one API call, with field access that names the field when it is wrong.</summary>
internal sealed class ApiRequest(JsonObject body)
{
    public string Required(string field) =>
        Optional(field) ?? throw new StepFunctionsException("ValidationException", $"1 validation error detected: Value null at '{field}' failed to satisfy constraint: Member must not be null");

    public string? Optional(string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new StepFunctionsException("ValidationException", $"'{field}' must be a string."),
    };

    public int? OptionalInt(string field, int min, int max) => body[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out int n) && n >= min && n <= max => n,
        _ => throw new StepFunctionsException("ValidationException", $"'{field}' must be an integer from {min} to {max}."),
    };

    public bool OptionalBool(string field) => body[field] is JsonValue v && v.TryGetValue(out bool b) && b;

    /// <summary>Paging: nextToken is the offset of the next item, as an opaque string.</summary>
    public (int Offset, int Limit) Page(int defaultLimit, int maxLimit)
    {
        var limit = OptionalInt("maxResults", 0, maxLimit) is { } m && m > 0 ? m : defaultLimit;
        var token = Optional("nextToken");
        if (token is null)
        {
            return (0, limit);
        }

        try
        {
            return (int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture), limit);
        }
        catch (FormatException)
        {
            throw new StepFunctionsException("InvalidToken", $"Invalid Token: '{token}'");
        }
    }

    public static string? NextToken(int offset, int limit, int total) =>
        offset + limit < total
            ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            : null;
}
