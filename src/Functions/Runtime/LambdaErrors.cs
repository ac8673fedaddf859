using Provisioner.Core.Steps;
using Provisioner.Core.Validation;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// Maps an exception to the error document Lambda reports, in one place. A <see cref="StepFailedException"/>
/// keeps its error name; anything else is named after its type, as Lambda's own .NET runtime does.
/// Step Functions shows the whole document as the task's cause, so it carries no stack trace (the
/// bootstrap writes that to the function's log) and its message is cut to <see cref="MaxMessageLength"/>.
/// </summary>
public static class LambdaErrors
{
    /// <summary>Room for ValidateSpec's fifty error lines; a cause holds at most 32,768 characters.</summary>
    public const int MaxMessageLength = 16_384;

    public static LambdaErrorObject From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errorType = exception switch
        {
            StepFailedException step => step.ErrorName,
            _ => exception.GetType().Name,
        };
        return new LambdaErrorObject(Printable.Cut(exception.Message, MaxMessageLength), errorType, []);
    }
}
