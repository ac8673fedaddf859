using System.Text.Json.Nodes;
using Provisioner.Core.Validation;

namespace Provisioner.StateMachine.Tasks;

/// <summary>
/// How an in-process function's unhandled exception is reported to the state machine, the way the project's
/// Lambda bootstrap reports it (Functions' <c>LambdaErrors</c>): Error = the type's short name, Cause = the JSON
/// error object with the message cut to <see cref="MaxMessageLength"/> and no stack trace (a cause is shown to
/// callers and kept in the history; the trace belongs in a log, never in an API answer).
/// </summary>
internal static class LambdaErrorFormat
{
    /// <summary>The same bound as the bootstrap's; a cause holds at most 32,768 characters.</summary>
    public const int MaxMessageLength = 16_384;

    public static (string Error, string Cause) Describe(Exception exception)
    {
        var type = exception.GetType().Name;
        var cause = new JsonObject
        {
            ["errorType"] = type,
            ["errorMessage"] = Printable.Cut(exception.Message, MaxMessageLength),
            ["stackTrace"] = new JsonArray(),
        };
        return (type, cause.ToJsonString());
    }
}
