namespace Provisioner.StateMachine.Execution;

/// <summary>The names an execution is known by; they appear in <c>$$.Execution</c> and <c>$$.StateMachine</c>.</summary>
internal sealed record ExecutionIdentity(
    string ExecutionArn,
    string Name,
    string StateMachineArn,
    string StateMachineName,
    string RoleArn)
{
    public static ExecutionIdentity Local(string name) => new(
        $"arn:aws:states:us-east-1:123456789012:execution:LocalStateMachine:{name}",
        name,
        "arn:aws:states:us-east-1:123456789012:stateMachine:LocalStateMachine",
        "LocalStateMachine",
        "arn:aws:iam::123456789012:role/LocalStateMachineRole");
}
