using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Realism;

/// <summary>The rest of the pipeline after a behaviour: ends at the emulator.</summary>
public delegate Task<HttpResponseMessage> CallHandler(AwsCall call, CancellationToken cancellationToken);

/// <summary>
/// One piece of AWS realism: it may answer a call itself (a rule's error, a throttle), change it before
/// it goes on, or rewrite the emulator's answer (a lifecycle). Behaviours ignore calls that are not theirs.
/// </summary>
internal interface ICallBehavior
{
    Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken);
}
