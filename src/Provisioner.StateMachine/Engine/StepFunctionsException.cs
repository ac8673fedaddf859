namespace Provisioner.StateMachine.Engine;

/// <summary>An API error as Step Functions names it (ExecutionDoesNotExist, InvalidDefinition, ...); always the caller's fault (HTTP 400).</summary>
public sealed class StepFunctionsException : Exception
{
    public StepFunctionsException(string errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public StepFunctionsException()
        : this("ValidationException", "Invalid request.")
    {
    }

    public StepFunctionsException(string message)
        : this("ValidationException", message)
    {
    }

    public StepFunctionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "ValidationException";
    }

    public string ErrorCode { get; }
}
