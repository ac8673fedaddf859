namespace Provisioner.StateMachine.JsonPath;

/// <summary>A path string that is not valid JSONPath; the parser turns it into a definition error.</summary>
public sealed class JsonPathException : Exception
{
    public JsonPathException()
    {
    }

    public JsonPathException(string message) : base(message)
    {
    }

    public JsonPathException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
