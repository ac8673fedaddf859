using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// Auto Scaling notification configurations (PutNotificationConfiguration,
/// DescribeNotificationConfigurations, DeleteNotificationConfiguration,
/// DescribeAutoScalingNotificationTypes), answered here because moto 5.2.1 lacks them (it returns a 500).
/// Stored per group and topic; deleting the group deletes its configurations, as in AWS. Kept in the layer's
/// state too: moto has none of them, so nothing else could rebuild them after a restart.
/// </summary>
internal sealed class NotificationConfigurations(RealismLayer layer) : ICallBehavior, IPersistentState
{
    public static readonly IReadOnlyList<string> NotificationTypes =
    [
        "autoscaling:EC2_INSTANCE_LAUNCH",
        "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
        "autoscaling:EC2_INSTANCE_TERMINATE",
        "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
        "autoscaling:TEST_NOTIFICATION",
    ];

    // (group, topic) -> notification types.
    private readonly ConcurrentDictionary<(string Group, string Topic), string[]> _configurations = new();

    private sealed record SavedConfiguration(string Group, string Topic, string[] Types);

    public string StateName => "notificationConfigurations";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(
        _configurations.OrderBy(c => c.Key.Group, StringComparer.Ordinal).ThenBy(c => c.Key.Topic, StringComparer.Ordinal)
            .Select(c => new SavedConfiguration(c.Key.Group, c.Key.Topic, c.Value)).ToList(), LocalCloudState.Json)!;

    public void LoadState(JsonNode saved)
    {
        foreach (var c in saved.Deserialize<List<SavedConfiguration>>(LocalCloudState.Json) ?? [])
        {
            _configurations.TryAdd((c.Group, c.Topic), c.Types);
        }
    }

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "autoscaling")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "PutNotificationConfiguration":
                return await PutAsync(call, cancellationToken).ConfigureAwait(false);
            case "DeleteNotificationConfiguration":
                return await DeleteAsync(call, cancellationToken).ConfigureAwait(false);
            case "DescribeNotificationConfigurations":
                return Describe(call);
            case "DescribeAutoScalingNotificationTypes":
                return Respond(call, "<AutoScalingNotificationTypes>" +
                    string.Concat(NotificationTypes.Select(t => $"<member>{AwsErrors.Esc(t)}</member>")) + "</AutoScalingNotificationTypes>");
            case "DeleteAutoScalingGroup":
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && call.Param("AutoScalingGroupName") is { } deleted)
                {
                    foreach (var key in _configurations.Keys.Where(k => k.Group == deleted))
                    {
                        _configurations.TryRemove(key, out _);
                    }
                    layer.State.Changed();
                }
                return response;
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> PutAsync(AwsCall call, CancellationToken cancellationToken)
    {
        var group = call.Param("AutoScalingGroupName");
        var topic = call.Param("TopicARN");
        var types = call.ParamList("NotificationTypes.member");
        if (string.IsNullOrEmpty(group) || string.IsNullOrEmpty(topic) || types.Count == 0)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationError",
                "AutoScalingGroupName, TopicARN and at least one of NotificationTypes are required.");
        }
        var unknown = types.FirstOrDefault(t => !NotificationTypes.Contains(t));
        if (unknown is not null)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationError",
                $"NotificationTypes: '{unknown}' is not one of {string.Join(", ", NotificationTypes)}.");
        }
        if (!await GroupExistsAsync(group, cancellationToken).ConfigureAwait(false))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationError", $"AutoScalingGroup name not found - {group}");
        }
        _configurations[(group, topic)] = [.. types.Distinct(StringComparer.Ordinal)];
        layer.State.Changed();
        return AwsErrors.QueryEmptySuccess(call);
    }

    private async Task<HttpResponseMessage> DeleteAsync(AwsCall call, CancellationToken cancellationToken)
    {
        var group = call.Param("AutoScalingGroupName") ?? "";
        var topic = call.Param("TopicARN") ?? "";
        if (!await GroupExistsAsync(group, cancellationToken).ConfigureAwait(false))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationError", $"AutoScalingGroup name not found - {group}");
        }
        _configurations.TryRemove((group, topic), out _);
        layer.State.Changed();
        return AwsErrors.QueryEmptySuccess(call);
    }

    private HttpResponseMessage Describe(AwsCall call)
    {
        var groups = call.ParamList("AutoScalingGroupNames.member");
        var members = new StringBuilder();
        foreach (var ((group, topic), types) in _configurations.OrderBy(c => c.Key.Group, StringComparer.Ordinal).ThenBy(c => c.Key.Topic, StringComparer.Ordinal))
        {
            if (groups.Count > 0 && !groups.Contains(group))
            {
                continue;
            }
            foreach (var type in types)
            {
                members.Append("<member><AutoScalingGroupName>").Append(AwsErrors.Esc(group))
                    .Append("</AutoScalingGroupName><TopicARN>").Append(AwsErrors.Esc(topic))
                    .Append("</TopicARN><NotificationType>").Append(AwsErrors.Esc(type)).Append("</NotificationType></member>");
            }
        }
        return Respond(call, $"<NotificationConfigurations>{members}</NotificationConfigurations>");
    }

    /// <summary>The configurations of one group (inspection and tests).</summary>
    public IReadOnlyList<(string Topic, IReadOnlyList<string> Types)> For(string group) =>
        [.. _configurations.Where(c => c.Key.Group == group).Select(c => (c.Key.Topic, (IReadOnlyList<string>)c.Value))];

    private async Task<bool> GroupExistsAsync(string group, CancellationToken cancellationToken)
    {
        var existing = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups",
            [new("AutoScalingGroupNames.member.1", group)], cancellationToken).ConfigureAwait(false);
        return existing.Named("AutoScalingGroupName").Any(e => e.Value == group);
    }

    private static HttpResponseMessage Respond(AwsCall call, string resultXml)
    {
        var ns = AwsErrors.QueryNamespace(call.Service);
        var body = $"<{call.Action}Response xmlns=\"{ns}\"><{call.Action}Result>{resultXml}</{call.Action}Result>" +
                   $"<ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{call.Action}Response>";
        var response = AwsErrors.Xml(HttpStatusCode.OK, body);
        response.RequestMessage = call.Request;
        return response;
    }
}
