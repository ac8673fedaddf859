namespace Provisioner.Core.Steps;

/// <summary>
/// A step's failure with the error name the workflow should see (one of <see cref="StepErrors"/>).
/// The Lambda bootstrap reports <see cref="ErrorName"/> as the invocation's <c>errorType</c>.
/// </summary>
public sealed class StepFailedException : Exception
{
    public StepFailedException(string errorName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorName);
        ErrorName = errorName;
    }

    public StepFailedException()
        : this(StepErrors.Rejected, "The step failed.")
    {
    }

    public StepFailedException(string message)
        : this(StepErrors.Rejected, message)
    {
    }

    public StepFailedException(string message, Exception innerException)
        : this(StepErrors.Rejected, message, innerException)
    {
    }

    public string ErrorName { get; }
}
