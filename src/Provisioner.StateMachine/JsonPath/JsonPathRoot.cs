namespace Provisioner.StateMachine.JsonPath;

/// <summary>What a path starts from: <c>$</c> the state data, <c>$$</c> the context object, <c>$name</c> a workflow variable.</summary>
internal enum JsonPathRootKind
{
    Input,
    Context,
    Variable,
}
