namespace Provisioner.StateMachine.Parsing;

/// <summary>One reason a definition is invalid, at a JSON pointer into the definition.</summary>
public sealed record DefinitionError(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message}";
}

/// <summary>An invalid ASL definition; the message lists every error with its JSON pointer.</summary>
public sealed class AslDefinitionException : Exception
{
    public AslDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base("Invalid State Machine Definition: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public AslDefinitionException()
        : this([])
    {
    }

    public AslDefinitionException(string message)
        : base(message)
    {
        Errors = [new DefinitionError(string.Empty, message)];
    }

    public AslDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DefinitionError(string.Empty, message)];
    }

    public IReadOnlyList<DefinitionError> Errors { get; }
}
