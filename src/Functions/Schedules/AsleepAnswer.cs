using Provisioner.Aws;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;

namespace Provisioner.Functions.Schedules;

/// <summary>
/// What a sleeping environment's load balancer answers: a listener rule at <see cref="Priority"/> on each listener
/// that forwards to the target group, matching every path with a <c>503</c> and a plain-text message that says the
/// environment is asleep and how it wakes. Without it the load balancer would answer a bare <c>503</c> (no healthy
/// targets), which reads as an outage. The rule stays through the wake until every target is healthy (the
/// wake check removes it), so a half-woken environment says so instead of answering from one instance. Both
/// directions are idempotent (the rule is found by its priority and action before anything is created or deleted),
/// and the listener's own default action is never touched, so the teardown needs nothing new: a listener's rules
/// go with it. Provisioner puts no other rules on its listeners.
/// </summary>
public static class AsleepAnswer
{
    /// <summary>Evaluated before every other rule, and before the listener's default action.</summary>
    public const int Priority = 1;

    public const string StatusCode = "503";

    public const string ContentType = "text/plain";

    /// <summary>The rule's step tag (the rule is tagged like every other resource Provisioner makes).</summary>
    public const string Step = "OfficeHours";

    /// <summary>A fixed response's body holds at most 1024 characters.</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>The answer's text: who is asleep, when it wakes, and how its owner wakes it now.</summary>
    public static string Message(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var when = spec.Hours is { } hours
            ? $" outside its office hours (it wakes on {hours.Wake}, {hours.Timezone})"
            : "";
        var message = $"{spec.EnvironmentId} is asleep{when}, or waking up: it answers again once its instances are healthy. "
            + $"Its owner can wake it now: provisioner wake {spec.EnvironmentId}";
        return message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
    }

    /// <summary>Puts the answer on every listener of the environment's load balancer that forwards to a target group.</summary>
    /// <returns>How many listeners answer "asleep" now (0 when the load balancer is gone).</returns>
    public static async Task<int> OnAsync(IElbV2Client elb, ResourceOwner owner, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(elb);
        ArgumentNullException.ThrowIfNull(owner);
        var answering = 0;
        foreach (var listener in await ListenersAsync(elb, owner.Names, cancellationToken).ConfigureAwait(false))
        {
            if (!listener.DefaultActions.Any(a => a.Type == "forward"))
            {
                continue; // the HTTP listener that redirects to HTTPS: the HTTPS listener answers.
            }
            if (await FindAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false) is null)
            {
                try
                {
                    await elb.CreateRuleAsync(new CreateRuleRequest
                    {
                        ListenerArn = listener.ListenerArn,
                        Priority = Priority,
                        Conditions = [RuleCondition.PathPattern("/*")],
                        Actions = [ListenerAction.Respond(new FixedResponseConfig(StatusCode, ContentType, message))],
                        Tags = owner.Tags(Step),
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException e) when (e.ErrorCode == AwsErrorCodes.PriorityInUse)
                {
                    // A concurrent sleep (the schedule's retry, a POST) put it there first; anything else there fails loudly.
                    _ = await FindAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Listener {listener.ListenerArn}: priority {Priority} is in use but holds no rule.", e);
                }
            }
            answering++;
        }
        return answering;
    }

    /// <summary>Takes the answer off every listener of the environment's load balancer.</summary>
    /// <returns>How many rules were deleted.</returns>
    public static async Task<int> OffAsync(IElbV2Client elb, ResourceNames names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(elb);
        ArgumentNullException.ThrowIfNull(names);
        var deleted = 0;
        foreach (var listener in await ListenersAsync(elb, names, cancellationToken).ConfigureAwait(false))
        {
            if (await FindAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false) is { } rule)
            {
                try
                {
                    await elb.DeleteRuleAsync(rule.RuleArn, cancellationToken).ConfigureAwait(false);
                    deleted++;
                }
                catch (AwsServiceException e) when (e.IsNotFound)
                {
                    // Deleted by a concurrent wake check.
                }
            }
        }
        return deleted;
    }

    /// <summary>Whether <paramref name="rule"/> is the asleep answer (its priority and its single fixed response).</summary>
    public static bool Is(ListenerRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return !rule.IsDefault
            && rule.Priority == Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && rule.Actions is [{ Type: "fixed-response", FixedResponse.StatusCode: StatusCode }];
    }

    private static async Task<ListenerRule?> FindAsync(IElbV2Client elb, string listenerArn, CancellationToken cancellationToken)
    {
        await foreach (var rule in elb.DescribeAllRulesAsync(new DescribeRulesRequest { ListenerArn = listenerArn }, cancellationToken).ConfigureAwait(false))
        {
            if (Is(rule))
            {
                return rule;
            }
            if (rule.Priority == Priority.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"Listener {listenerArn} has a rule at priority {Priority} that is not the asleep answer ({rule.RuleArn}); Provisioner puts no other rules there.");
            }
        }
        return null;
    }

    private static async Task<IReadOnlyList<Listener>> ListenersAsync(IElbV2Client elb, ResourceNames names, CancellationToken cancellationToken)
    {
        LoadBalancer? loadBalancer;
        try
        {
            var found = await elb.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { Names = [names.LoadBalancer] }, cancellationToken).ConfigureAwait(false);
            loadBalancer = found.LoadBalancers.Count > 0 ? found.LoadBalancers[0] : null;
        }
        catch (AwsServiceException e) when (e.IsNotFound)
        {
            loadBalancer = null;
        }
        if (loadBalancer is null)
        {
            return [];
        }
        return await elb.DescribeAllListenersAsync(new DescribeListenersRequest { LoadBalancerArn = loadBalancer.LoadBalancerArn }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
