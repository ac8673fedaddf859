namespace Provisioner.StateMachine.Errors;

/// <summary>A state failed with an ASL error name and cause; Retry and Catch see exactly these two.</summary>
public sealed class StatesFailureException : Exception
{
    public StatesFailureException(string error, string? cause)
        : base(cause is null ? error : $"{error}: {cause}")
    {
        Error = error;
        Cause = cause;
    }

    public StatesFailureException() : this(StatesErrorNames.Runtime, (string?)null)
    {
    }

    public StatesFailureException(string message) : this(StatesErrorNames.Runtime, message)
    {
    }

    public StatesFailureException(string message, Exception innerException) : base(message, innerException)
    {
        Error = StatesErrorNames.Runtime;
        Cause = message;
    }

    public string Error { get; }

    public string? Cause { get; }
}
