using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.Core.Validation;
using Provisioner.StateMachine.Engine;

namespace Provisioner.StateMachine.Api;

/// <summary>
/// The JSON body of one API call, with field access that names the field when it is wrong. Every bad
/// body, field or page token is a <see cref="StepFunctionsException"/> (a 400 with AWS's error shape),
/// never an exception the host does not expect; values echoed back are cut to a readable length.
/// </summary>
internal sealed class ApiRequest(JsonObject body)
{
    /// <summary>The body as an object: malformed JSON and repeated properties are <c>SerializationException</c>s.</summary>
    public static ApiRequest Parse(byte[] utf8Body)
    {
        ArgumentNullException.ThrowIfNull(utf8Body);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8Body);
        }
        catch (JsonException e)
        {
            throw new StepFunctionsException("SerializationException", $"The request body is not valid JSON: {EnvironmentSpecValidator.MalformedJson(e).Rule}");
        }

        if (node is not JsonObject obj)
        {
            throw new StepFunctionsException("SerializationException", "The request body must be a JSON object.");
        }

        ThrowOnDuplicates(JsonDuplicates.Find(utf8Body), "SerializationException", "The request body");
        return new ApiRequest(obj);
    }

    /// <summary>A string field that holds a JSON document (a definition, an execution input); a repeated property in it is <paramref name="errorCode"/>.</summary>
    public string? OptionalJsonText(string field, string errorCode)
    {
        var text = Optional(field);
        if (text is not null)
        {
            ThrowOnDuplicates(JsonDuplicates.Find(text), errorCode, $"'{field}'");
        }

        return text;
    }

    /// <inheritdoc cref="OptionalJsonText"/>
    public string RequiredJsonText(string field, string errorCode)
    {
        _ = Required(field);
        return OptionalJsonText(field, errorCode)!;
    }

    private static void ThrowOnDuplicates(IReadOnlyList<string> pointers, string errorCode, string what)
    {
        if (pointers.Count > 0)
        {
            throw new StepFunctionsException(errorCode, $"{what} repeats a property: {JsonDuplicates.Describe(pointers)}");
        }
    }

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

    /// <summary>Paging: nextToken is the offset of the next item, as an opaque string; anything else is <c>InvalidToken</c>.</summary>
    public (int Offset, int Limit) Page(int defaultLimit, int maxLimit)
    {
        var limit = OptionalInt("maxResults", 0, maxLimit) is { } m && m > 0 ? m : defaultLimit;
        var token = Optional("nextToken");
        if (token is null)
        {
            return (0, limit);
        }

        var buffer = new byte[(token.Length * 3 / 4) + 3];
        if (token.Length is > 0 and <= 1024
            && Convert.TryFromBase64String(token, buffer, out var written)
            && int.TryParse(Encoding.UTF8.GetString(buffer, 0, written), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return (offset, limit);
        }

        throw new StepFunctionsException("InvalidToken", $"Invalid Token: '{Printable.Escape(Printable.Cut(token, 64))}'");
    }

    public static string? NextToken(int offset, int limit, int total) =>
        offset + limit < total
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString(CultureInfo.InvariantCulture)))
            : null;
}
