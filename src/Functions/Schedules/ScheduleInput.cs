using System.Text.Json.Nodes;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Schedules;

/// <summary>What an environment's one-time schedule sends its function: <c>{"environmentId", "generation", ...}</c>.</summary>
public sealed record ScheduleInput(string EnvironmentId, int Generation)
{
    /// <exception cref="StepFailedException">BadInput: the input is not such an object.</exception>
    public static ScheduleInput From(JsonNode? input, string handlerName)
    {
        if (input is JsonObject body
            && body["environmentId"] is JsonValue id && id.TryGetValue<string>(out var environmentId) && environmentId.Length > 0
            && body["generation"] is JsonValue gen && gen.TryGetValue<int>(out var generation) && generation >= 1)
        {
            return new ScheduleInput(environmentId, generation);
        }
        throw new StepFailedException(StepErrors.BadInput, $"{handlerName}: expected {{\"environmentId\": string, \"generation\": whole number >= 1}} (the schedule's input).");
    }
}
