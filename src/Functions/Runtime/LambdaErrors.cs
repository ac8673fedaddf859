using Provisioner.Core.Steps;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// Maps an exception to the error document Lambda reports, in one place. A <see cref="StepFailedException"/>
/// keeps its error name; anything else is named after its type, as Lambda's own .NET runtime does.
/// </summary>
public static class LambdaErrors
{
    public static LambdaErrorObject From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errorType = exception switch
        {
            StepFailedException step => step.ErrorName,
            _ => exception.GetType().Name,
        };
        var stackTrace = (exception.StackTrace ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LambdaErrorObject(exception.Message, errorType, stackTrace);
    }
}
