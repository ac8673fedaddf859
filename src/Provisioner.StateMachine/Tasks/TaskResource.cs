namespace Provisioner.StateMachine.Tasks;

/// <summary>
/// How a Task's Resource shows in the history: a bare Lambda function ARN gives LambdaFunction*
/// events; a service integration (<c>arn:aws:states:::lambda:invoke</c>) gives Task* events with
/// resourceType "lambda" and resource "invoke"; anything else is a Task* event of its own.
/// </summary>
internal sealed record TaskResource(string Arn, bool IsLambdaFunction, string ResourceType, string ResourceName, string? Region)
{
    public const string StartExecutionSync = "arn:aws:states:::states:startExecution.sync";
    public const string StartExecutionSync2 = "arn:aws:states:::states:startExecution.sync:2";

    public bool IsStartExecutionSync => Arn is StartExecutionSync or StartExecutionSync2;

    public static TaskResource Parse(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function")
        {
            return new TaskResource(arn, true, "lambda", arn, parts[3]);
        }

        if (parts.Length >= 6 && parts[0] == "arn" && parts[2] == "states" && parts[3].Length == 0 && parts[4].Length == 0)
        {
            // arn:aws:states:::service:action[.sync[:2]] -> resourceType "service", resource "action..."
            return new TaskResource(arn, false, parts[5], string.Join(':', parts.Skip(6)), null);
        }

        return new TaskResource(arn, false, parts.Length > 2 ? parts[2] : "local", arn, parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null);
    }
}
