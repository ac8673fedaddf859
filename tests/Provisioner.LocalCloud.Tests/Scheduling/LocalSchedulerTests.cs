using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Provisioner.LocalCloud.Scheduling;
using Provisioner.LocalCloud.Tests.Fixtures;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Tests.Scheduling;

/// <summary>The scheduler on a fake clock against the shared moto; each test has its own schedule group.</summary>
public class LocalSchedulerTests(MotoFixture moto)
{
    private const string StateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:prov-test";
    private const string Role = "arn:aws:iam::123456789012:role/scheduler";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Start);
    private readonly string _group = MotoFixture.Unique("g");
    private MotoBackchannel Moto => moto.Cloud.Backchannel;

    private LocalScheduler NewScheduler(List<ScheduleInvocation> calls, int seed = 1, string? statePath = null, Func<ScheduleInvocation, Task>? handler = null)
    {
        var scheduler = new LocalScheduler(Moto, new LocalSchedulerOptions
        {
            Time = _time,
            Seed = seed,
            StatePath = statePath,
            GroupNames = [_group],
            RetryBaseDelay = TimeSpan.Zero,
        });
        scheduler.RegisterTarget("arn:aws:states:", async (invocation, _) =>
        {
            lock (calls)
            {
                calls.Add(invocation);
            }
            if (handler is not null)
            {
                await handler(invocation);
            }
        });
        return scheduler;
    }

    private async Task CreateGroupAsync() =>
        await Moto.RestJsonAsync("scheduler", HttpMethod.Post, "/schedule-groups/" + _group, new JsonObject(), TestContext.Current.CancellationToken);

    private async Task CreateScheduleAsync(string name, string expression, string target = StateMachine, string? input = null,
        JsonObject? window = null, string? state = null, string? after = null, string? zone = null, JsonObject? retry = null)
    {
        var targetJson = new JsonObject { ["Arn"] = target, ["RoleArn"] = Role };
        if (input is not null)
        {
            targetJson["Input"] = input;
        }
        if (retry is not null)
        {
            targetJson["RetryPolicy"] = retry;
        }
        var body = new JsonObject
        {
            ["GroupName"] = _group,
            ["ScheduleExpression"] = expression,
            ["FlexibleTimeWindow"] = window ?? new JsonObject { ["Mode"] = "OFF" },
            ["Target"] = targetJson,
        };
        if (state is not null)
        {
            body["State"] = state;
        }
        if (after is not null)
        {
            body["ActionAfterCompletion"] = after;
        }
        if (zone is not null)
        {
            body["ScheduleExpressionTimezone"] = zone;
        }
        await Moto.RestJsonAsync("scheduler", HttpMethod.Post, "/schedules/" + name, body, TestContext.Current.CancellationToken);
    }

    /// <summary>Moves the clock in steps of one poll interval, polling after each, as RunAsync does.</summary>
    private async Task<List<(DateTimeOffset At, ScheduleFiring Firing)>> RunForAsync(LocalScheduler scheduler, TimeSpan span)
    {
        var log = new List<(DateTimeOffset, ScheduleFiring)>();
        var end = _time.GetUtcNow() + span;
        while (true)
        {
            foreach (var firing in await scheduler.PollAsync(TestContext.Current.CancellationToken))
            {
                log.Add((_time.GetUtcNow(), firing));
            }
            if (_time.GetUtcNow() >= end)
            {
                return log;
            }
            _time.Advance(scheduler.PollInterval);
        }
    }

    [Fact]
    public async Task Poll_Rate_FiresOncePerPeriod()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var scheduler = NewScheduler(calls);
        await scheduler.PollAsync(TestContext.Current.CancellationToken);
        await CreateScheduleAsync("every-hour", "rate(1 hour)", input: "{\"arn\":\"<aws.scheduler.schedule-arn>\",\"at\":\"<aws.scheduler.scheduled-time>\",\"n\":<aws.scheduler.attempt-number>}");

        var log = await RunForAsync(scheduler, TimeSpan.FromHours(4) - TimeSpan.FromMinutes(2));

        Assert.Equal(4, calls.Count);
        Assert.All(calls.Zip(calls.Skip(1)), p => Assert.Equal(TimeSpan.FromHours(1), p.Second.ScheduledTime - p.First.ScheduledTime));
        var input = JsonNode.Parse(calls[1].Input)!;
        Assert.EndsWith($"schedule/{_group}/every-hour", input["arn"]!.GetValue<string>());
        Assert.Equal(calls[1].ScheduledTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), input["at"]!.GetValue<string>());
        Assert.Equal(1, input["n"]!.GetValue<int>());
        Assert.All(log, l => Assert.Null(l.Firing.Error));
        Assert.Equal(_group, calls[0].GroupName);
        Assert.Equal(Role, calls[0].RoleArn);
    }

    [Fact]
    public async Task Poll_AtWithDelete_FiresOnceAndIsDeleted()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var scheduler = NewScheduler(calls);
        await CreateScheduleAsync("once", "at(2026-11-25T13:30:00)", after: "DELETE", zone: "Europe/Berlin"); // 12:30Z

        await RunForAsync(scheduler, TimeSpan.FromHours(2));

        var call = Assert.Single(calls);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 30, 0, TimeSpan.Zero), call.ScheduledTime);
        var ex = await Assert.ThrowsAsync<BackchannelException>(() => Moto.RestJsonAsync("scheduler", HttpMethod.Get, $"/schedules/once?groupName={_group}", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }

    [Fact]
    public async Task Poll_AtWithDelete_MovedByItsTargetWhileFiring_StaysAndFiresAtItsNewTime()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var moved = false;
        var scheduler = NewScheduler(calls, handler: async _ =>
        {
            if (!moved)
            {
                moved = true; // the target re-arms its own one-time schedule (an expiry extended while it fired)
                await CreateOrMoveAsync("once-moved", "at(2026-11-25T14:00:00)", HttpMethod.Put);
            }
        });
        await CreateOrMoveAsync("once-moved", "at(2026-11-25T12:30:00)", HttpMethod.Post);

        await RunForAsync(scheduler, TimeSpan.FromHours(3));

        Assert.Equal([new DateTimeOffset(2026, 11, 25, 12, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero)], calls.Select(c => c.ScheduledTime));
        var ex = await Assert.ThrowsAsync<BackchannelException>(() => Moto.RestJsonAsync("scheduler", HttpMethod.Get, $"/schedules/once-moved?groupName={_group}", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode); // deleted after its new, last firing
    }

    private async Task CreateOrMoveAsync(string name, string expression, HttpMethod method) =>
        await Moto.RestJsonAsync("scheduler", method, "/schedules/" + name, new JsonObject
        {
            ["GroupName"] = _group,
            ["ScheduleExpression"] = expression,
            ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
            ["Target"] = new JsonObject { ["Arn"] = StateMachine, ["RoleArn"] = Role },
            ["ActionAfterCompletion"] = "DELETE",
        }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Poll_AtWithoutDelete_FiresOnceAndStays()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var scheduler = NewScheduler(calls);
        await CreateScheduleAsync("once-kept", "at(2026-11-25T12:10:00)");

        await RunForAsync(scheduler, TimeSpan.FromHours(1));

        Assert.Single(calls);
        var schedule = await Moto.RestJsonAsync("scheduler", HttpMethod.Get, $"/schedules/once-kept?groupName={_group}", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("once-kept", schedule["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poll_Disabled_NeverFires()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var scheduler = NewScheduler(calls);
        await CreateScheduleAsync("off", "rate(5 minutes)", state: "DISABLED");

        await RunForAsync(scheduler, TimeSpan.FromHours(1));

        Assert.Empty(calls);
    }

    [Fact]
    public async Task Poll_FlexibleWindow_FiresInsideTheWindowAtASeededTime()
    {
        await CreateGroupAsync();
        await CreateScheduleAsync("flex", "cron(0 * * * ? *)", window: new JsonObject { ["Mode"] = "FLEXIBLE", ["MaximumWindowInMinutes"] = 30 });

        var first = await RunForAsync(NewScheduler([], seed: 42), TimeSpan.FromHours(6));
        _time = new FakeTimeProvider(Start);
        var again = await RunForAsync(NewScheduler([], seed: 42), TimeSpan.FromHours(6));
        _time = new FakeTimeProvider(Start);
        var other = await RunForAsync(NewScheduler([], seed: 43), TimeSpan.FromHours(6));

        var delays = first.Select(f => f.At - f.Firing.Invocation.ScheduledTime).ToList();
        Assert.Equal(6, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMinutes(30)));
        Assert.True(delays.Distinct().Count() > 1, "the fire time inside the window varies per occurrence");
        Assert.Contains(delays, d => d >= TimeSpan.FromMinutes(1));
        Assert.Equal(first.Select(f => f.At), again.Select(f => f.At));
        Assert.NotEqual(first.Select(f => f.At), other.Select(f => f.At));
    }

    [Fact]
    public async Task Poll_Restarted_NeverFiresAnOccurrenceTwice()
    {
        await CreateGroupAsync();
        var state = Path.Combine(Path.GetTempPath(), MotoFixture.Unique("sched") + ".json");
        try
        {
            var calls = new List<ScheduleInvocation>();
            var first = NewScheduler(calls, statePath: state);
            await first.PollAsync(TestContext.Current.CancellationToken);
            await CreateScheduleAsync("restart", "cron(0/10 * * * ? *)");
            await RunForAsync(first, TimeSpan.FromMinutes(25));

            var second = NewScheduler(calls, statePath: state);
            await RunForAsync(second, TimeSpan.FromMinutes(20));

            var times = calls.Select(c => c.ScheduledTime).ToList();
            Assert.Equal(times.Distinct().Count(), times.Count);
            // Created within the minute of 12:00 (the poll at 12:00 did not see it yet): 12:00 is due too.
            var expected = Enumerable.Range(0, 5).Select(i => new DateTimeOffset(2026, 11, 25, 12, 10 * i, 0, TimeSpan.Zero));
            Assert.Equal(expected, times);
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Fact]
    public async Task Poll_TargetFails_RetriedPerRetryPolicyThenGivesUp()
    {
        await CreateGroupAsync();
        var calls = new List<ScheduleInvocation>();
        var scheduler = NewScheduler(calls, handler: invocation =>
            invocation.ScheduleName == "flaky" && calls.Count(c => c.ScheduleName == "flaky") == 1 ? throw new InvalidOperationException("first attempt fails")
            : invocation.ScheduleName == "broken" ? throw new InvalidOperationException("always fails")
            : Task.CompletedTask);
        await CreateScheduleAsync("flaky", "at(2026-11-25T12:01:00)", input: "<aws.scheduler.attempt-number>");
        await CreateScheduleAsync("broken", "at(2026-11-25T12:01:00)", retry: new JsonObject { ["MaximumRetryAttempts"] = 2 });

        var log = await RunForAsync(scheduler, TimeSpan.FromMinutes(3));

        Assert.Equal(["1", "2"], calls.Where(c => c.ScheduleName == "flaky").Select(c => c.Input));
        Assert.Equal(2, log.Single(l => l.Firing.Invocation.ScheduleName == "flaky").Firing.Attempt);
        Assert.Equal(3, calls.Count(c => c.ScheduleName == "broken"));
        Assert.Equal("always fails", log.Single(l => l.Firing.Invocation.ScheduleName == "broken").Firing.Error);
    }

    [Fact]
    public async Task Poll_SnsTopicTarget_PublishReachesTheQueueSubscribedToIt()
    {
        await CreateGroupAsync();
        var topic = (await Moto.QueryAsync("sns", "CreateTopic", [new("Name", MotoFixture.Unique("topic"))], TestContext.Current.CancellationToken))
            .Descendants().First(e => e.Name.LocalName == "TopicArn").Value;
        var queueName = MotoFixture.Unique("q");
        var queueUrl = (await SqsAsync("CreateQueue", new JsonObject { ["QueueName"] = queueName }))["QueueUrl"]!.GetValue<string>();
        await Moto.QueryAsync("sns", "Subscribe", [new("TopicArn", topic), new("Protocol", "sqs"), new("Endpoint", $"arn:aws:sqs:us-east-1:123456789012:{queueName}"), new("Attributes.entry.1.key", "RawMessageDelivery"), new("Attributes.entry.1.value", "true")], TestContext.Current.CancellationToken);
        var scheduler = NewScheduler([]);
        await CreateScheduleAsync("notify", "at(2026-11-25T12:05:00)", target: topic, input: "expires at <aws.scheduler.scheduled-time>");

        await RunForAsync(scheduler, TimeSpan.FromMinutes(10));

        var received = await SqsAsync("ReceiveMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10 });
        var message = Assert.Single(received["Messages"]!.AsArray());
        Assert.Equal("expires at 2026-11-25T12:05:00Z", message!["Body"]!.GetValue<string>());
    }

    private async Task<JsonObject> SqsAsync(string action, JsonObject body)
    {
        using var http = new HttpClient { BaseAddress = moto.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
