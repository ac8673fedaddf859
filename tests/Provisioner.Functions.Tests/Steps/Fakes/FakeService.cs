namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>Base of the recording fakes: every operation goes through <see cref="FakeAws.Call{T}"/> and fails as a faulted task.</summary>
public abstract class FakeService(FakeAws aws, string service)
{
    protected FakeAws Aws { get; } = aws;

    protected Task<T> Do<T>(string action, string detail, Func<T> body)
    {
        try
        {
            return Task.FromResult(Aws.Call(service, action, detail, body));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    protected Task Do(string action, string detail, Action body) => Do(action, detail, () => { body(); return true; });

    protected Provisioner.Aws.AwsServiceException Error(string action, string code, string message = "", System.Net.HttpStatusCode status = System.Net.HttpStatusCode.BadRequest) =>
        FakeAws.Error(service, action, code, message.Length == 0 ? code : message, status);

    protected static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? new(StringComparer.Ordinal) : new(tags, StringComparer.Ordinal);
}
