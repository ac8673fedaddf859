namespace Provisioner.LocalCloud.Faults;

public enum FaultKind
{
    /// <summary>Answer with an AWS error (<see cref="Fault.ErrorCode"/>, <see cref="Fault.HttpStatus"/>); the call does not reach AWS.</summary>
    Error,

    /// <summary>Answer with the service's real throttling error; the call does not reach AWS.</summary>
    Throttle,

    /// <summary>Hold the call for <see cref="Fault.Delay"/> (on the layer's clock), then let it through.</summary>
    Delay,

    /// <summary>The call reaches AWS and takes effect, but the caller gets a 5xx or a timeout.</summary>
    LostResponse,

    /// <summary>The call succeeds, but the resource it creates ends <c>failed</c> instead of ready when its
    /// transition completes (CreateImage: the AMI; CreateLoadBalancer: the load balancer).</summary>
    ResourceFailed,

    /// <summary>The call succeeds, but the resource it creates never leaves its transitional state (CreateImage:
    /// the AMI stays <c>pending</c>; CreateLoadBalancer: the load balancer stays <c>provisioning</c>): whoever
    /// waits for it must give up on its own budget.</summary>
    ResourceStuck,
}

/// <summary>How a lost response looks to the caller.</summary>
public enum LostResponseMode
{
    /// <summary>A 500 with the protocol's internal-error shape (the SDKs retry it).</summary>
    ServerError,

    /// <summary>The HTTP call times out (<see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>, as HttpClient does).</summary>
    Timeout,
}
