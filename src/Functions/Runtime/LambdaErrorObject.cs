using System.Text.Json.Serialization;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// Lambda's error document. Step Functions takes <see cref="ErrorType"/> as the task's Error and the
/// whole document as its Cause, so this shape is what the state machines' Retry and Catch see.
/// </summary>
public sealed record LambdaErrorObject(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace);

[JsonSerializable(typeof(LambdaErrorObject))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
