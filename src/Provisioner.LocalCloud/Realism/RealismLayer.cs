using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Lifecycles;
using Provisioner.LocalCloud.Limits;
using Provisioner.LocalCloud.Rules;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Realism;

/// <summary>
/// The shared state of the realism layer (clock, lifecycle records, faults, buckets, what moto lacks)
/// and the factory of its <see cref="DelegatingHandler"/>s: every AWS client gets its own handler
/// instance, all of them over this one state, so an AMI made through one client is pending for all.
/// </summary>
public sealed class RealismLayer : IDisposable
{
    private readonly ICallBehavior[] _behaviors;

    public RealismLayer(Uri endpoint, RealismOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Options = options ?? new RealismOptions();
        Enabled = Options.Enabled;
        Sampler = new LatencySampler(Options.Seed);
        State = new LocalCloudState(Options.StatePath, Options.Time);
        Timeline = new ResourceTimeline(Options.Time, Sampler, State);
        Moto = new MotoBackchannel(endpoint, Options.Region);
        Faults = new FaultSet();
        RateLimits = new RateLimiter(Options.Time) { Enabled = Options.RateLimits };
        Notifications = new NotificationConfigurations(this);
        LoadBalancers = new LoadBalancerLifecycle(this);
        AutoScaling = new AutoScalingLifecycle(this);
        Quotas = Options.Quotas;
        _behaviors =
        [
            new FaultBehavior(this),
            new RateLimitBehavior(this),
            new CallLatencyBehavior(this),
            // Lifecycles: rewrite answers on the clock (outside the rules, so an answer a rule gives,
            // such as the existing load balancer for a repeated CreateLoadBalancer, is on the clock too).
            new ImageLifecycle(this),
            LoadBalancers,
            AutoScaling,
            new TargetHealthLifecycle(this),
            new ExportTaskLifecycle(this),
            // Rules: answer or reshape the call before moto acts on it.
            new AmiNameUnique(this),
            new CreateImageSnapshotTags(this),
            new LaunchTemplateClientToken(State),
            new LoadBalancerNameIdempotency(this),
            new TargetGroupNameIdempotency(this),
            new AutoScalingGroupAlreadyExists(this),
            new ListenerRulePriorityInUse(this),
            new ServiceQuotaRules(this),
            new AutoScalingGroupSizes(this),
            new SecurityGroupDependencies(this),
            new CertificateInUse(this),
            new ScheduleValidation(this),
            new AlarmActionsSwitch(State),
            Notifications,
        ];
        // What moto does not know, read back from the data folder (a restart over an emulator that outlived the last layer).
        State.Attach(Timeline);
        foreach (var part in _behaviors.OfType<IPersistentState>())
        {
            State.Attach(part);
        }
    }

    public RealismOptions Options { get; }

    /// <summary>Switch at run time; off passes every call straight through.</summary>
    public bool Enabled { get; set; }

    public TimeProvider Time => Options.Time;

    /// <summary>AWS's service quotas in force; an operator raises them at run time too (AWS: a quota increase).</summary>
    public ServiceQuotas Quotas { get; set; }

    /// <summary>What the layer's delays wait on (see <see cref="RealismOptions.WaitTime"/>).</summary>
    public TimeProvider WaitTime => Options.WaitTime ?? Options.Time;

    public LatencySampler Sampler { get; }

    public ResourceTimeline Timeline { get; }

    /// <summary>The layer's memory in the data folder (<see cref="RealismOptions.StatePath"/>).</summary>
    public LocalCloudState State { get; }

    public FaultSet Faults { get; }

    public RateLimiter RateLimits { get; }

    internal MotoBackchannel Moto { get; }

    internal NotificationConfigurations Notifications { get; }

    internal LoadBalancerLifecycle LoadBalancers { get; }

    internal AutoScalingLifecycle AutoScaling { get; }

    /// <summary>A new handler for one HTTP pipeline (place it innermost: after signing, before the socket).</summary>
    public DelegatingHandler CreateHandler() => new RealismHandler(this);

    internal Task<HttpResponseMessage> RunAsync(AwsCall call, CallHandler terminal, CancellationToken cancellationToken)
    {
        CallHandler next = terminal;
        for (var i = _behaviors.Length - 1; i >= 0; i--)
        {
            var behavior = _behaviors[i];
            var inner = next;
            next = (c, ct) => behavior.InvokeAsync(c, inner, ct);
        }
        return next(call, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var behavior in _behaviors.OfType<IDisposable>())
        {
            behavior.Dispose();
        }
        Moto.Dispose();
    }
}
