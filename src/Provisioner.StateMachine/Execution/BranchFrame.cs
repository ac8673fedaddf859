using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.Execution;

/// <summary>
/// One sequential line of states: the execution itself, a Parallel branch or a Map iteration.
/// Its scope key plus a step counter name every state visit, which is how replay finds them.
/// </summary>
internal sealed class BranchFrame(string scope, VariableScope variables, CancellationToken cancellation)
{
    private int _step;

    public string Scope { get; } = scope;

    public VariableScope Variables { get; } = variables;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The id of the last event this line emitted, for previousEventId.</summary>
    public long LastEventId { get; set; }

    public string NextOpKey() => Scope.Length == 0 ? (_step++).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Scope}/{_step++}";

    public BranchFrame Child(string childScope, CancellationToken cancellation) =>
        new(childScope, new VariableScope(Variables), cancellation) { LastEventId = LastEventId };
}
