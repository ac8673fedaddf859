using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.Retry;

/// <summary>One Catch entry: on a matching error, continue at Next with the error output placed at ResultPath.</summary>
internal sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, DataPath ResultPath, PayloadTemplate? Assign)
{
    public bool Matches(string error) => ErrorEquals.Any(pattern => StatesErrorNames.Matches(pattern, error));
}
