using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Tasks;

/// <summary>How Lambda reports an unhandled exception to Step Functions: Error = the type's short name, Cause = its JSON error object.</summary>
internal static class LambdaErrorFormat
{
    public static (string Error, string Cause) Describe(Exception exception)
    {
        var type = exception.GetType().Name;
        var stackTrace = new JsonArray();
        foreach (var line in (exception.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            stackTrace.Add(line);
        }

        var cause = new JsonObject
        {
            ["errorType"] = type,
            ["errorMessage"] = exception.Message,
            ["stackTrace"] = stackTrace,
        };
        return (type, cause.ToJsonString());
    }
}
