using System.Net;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Scheduling;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateSchedule and UpdateSchedule as EventBridge Scheduler answers them, where moto 5.2.1 is lenient:
/// a group that does not exist is <c>ResourceNotFoundException</c> (404; moto: a 500), a malformed
/// <c>at()</c>/<c>rate()</c>/<c>cron()</c> expression or an unknown time zone is <c>ValidationException</c>
/// (400; moto stores it), and UpdateSchedule replaces the whole schedule: a field it is not given goes back to
/// its default (ActionAfterCompletion NONE, State ENABLED; moto keeps the old value). So callers send the whole schedule.
/// https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html
/// </summary>
internal sealed class ScheduleValidation(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "scheduler" || call.Action is not ("CreateSchedule" or "UpdateSchedule"))
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var body = call.Json;
        var group = body["GroupName"]?.GetValue<string>() is { Length: > 0 } g ? g : "default";
        if (group != "default")
        {
            try
            {
                await layer.Moto.RestJsonAsync("scheduler", HttpMethod.Get, "/schedule-groups/" + Uri.EscapeDataString(group), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                return AwsErrors.Create(call, HttpStatusCode.NotFound, "ResourceNotFoundException", $"Schedule group {group} does not exist.");
            }
        }
        try
        {
            ScheduleExpression.Parse(body["ScheduleExpression"]?.GetValue<string>() ?? "");
        }
        catch (ScheduleExpressionException ex)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationException", "Invalid Schedule Expression: " + ex.Message);
        }
        try
        {
            ScheduleExpression.Zone(body["ScheduleExpressionTimezone"]?.GetValue<string>());
        }
        catch (ScheduleExpressionException ex)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationException", "Invalid ScheduleExpressionTimezone: " + ex.Message);
        }
        if (call.Action == "UpdateSchedule")
        {
            var whole = (JsonObject)body.DeepClone();
            whole["ActionAfterCompletion"] ??= "NONE";
            whole["State"] ??= "ENABLED";
            call.ReplaceJson(whole);
            if (await ReplaceIfActionChangesAsync(call, group, whole, cancellationToken).ConfigureAwait(false) is { } replaced)
            {
                return replaced;
            }
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// moto's UpdateSchedule cannot change ActionAfterCompletion at all, so when it changes the schedule is
    /// made again with the whole new body (same name, group and ARN) and the answer is UpdateSchedule's.
    /// </summary>
    private async Task<HttpResponseMessage?> ReplaceIfActionChangesAsync(AwsCall call, string group, JsonObject whole, CancellationToken cancellationToken)
    {
        var name = Uri.UnescapeDataString(call.Request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var path = $"/schedules/{Uri.EscapeDataString(name)}?groupName={Uri.EscapeDataString(group)}";
        JsonObject existing;
        try
        {
            existing = await layer.Moto.RestJsonAsync("scheduler", HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (BackchannelException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            return null; // moto answers the update's not-found itself.
        }
        if (existing["ActionAfterCompletion"]?.GetValue<string>() == whole["ActionAfterCompletion"]?.GetValue<string>())
        {
            return null;
        }
        await layer.Moto.RestJsonAsync("scheduler", HttpMethod.Delete, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        var created = await layer.Moto.RestJsonAsync("scheduler", HttpMethod.Post, "/schedules/" + Uri.EscapeDataString(name), whole, cancellationToken).ConfigureAwait(false);
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(new JsonObject { ["ScheduleArn"] = created["ScheduleArn"]?.GetValue<string>() }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            RequestMessage = call.Request,
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString());
        return response;
    }
}
