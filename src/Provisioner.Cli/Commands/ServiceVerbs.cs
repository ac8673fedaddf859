using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;

namespace Provisioner.Cli.Commands;

/// <summary>
/// The verbs that talk to the Provisioner API: <c>create FILE [--wait] [--start-at TIME]</c>, <c>list</c>, <c>status ID [--watch]</c>,
/// <c>delete ID [--wait]</c>, <c>retry ID</c>, <c>extend ID --hours N</c>, <c>sleep ID</c>, <c>wake ID [--wait]</c>. Each takes <c>--api</c>, <c>--token</c>,
/// <c>--user</c> (a running <c>up</c>'s user) and <c>--json</c>. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public static class ServiceVerbs
{
    private static readonly string[] Settled = ["READY", "FAILED", "ROLLBACK_FAILED", "DELETED", "DELETE_FAILED", "SLEEPING"];

    public static IEnumerable<Command> Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var file = new Argument<string>("FILE") { Description = "The environment spec (JSON); - reads stdin." };
        var id = new Argument<string>("ID") { Description = "The environment id." };
        var wait = new Option<bool>("--wait") { Description = "Follow the workflow until it settles, printing its steps." };
        var hours = new Option<int>("--hours") { Description = "Hours to add to the environment's expiry.", Required = true };
        var status = new Option<string?>("--status") { Description = "Only environments in this status (DELETED ones only when asked for)." };

        var startAt = new Option<string?>("--start-at") { Description = "A request for later: start the provision at this RFC 3339 time (e.g. 2026-12-03T18:00:00Z); SCHEDULED until then." };
        yield return Verb(io, "create", "Create an environment from a spec (now, or later with --start-at).", [file, wait, startAt], async (parse, client, json, ct) =>
        {
            var text = parse.GetValue(file) is "-" ? await io.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(parse.GetValue(file)!, ct).ConfigureAwait(false);
            var path = parse.GetValue(startAt) is { } later ? "environments?startAt=" + Uri.EscapeDataString(later) : "environments";
            var (code, body) = await client.PostAsync(path, text, ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, parse.GetValue(wait), ct).ConfigureAwait(false);
        });
        yield return Verb(io, "list", "List your environments (admins: everyone's).", [status], async (parse, client, json, ct) =>
        {
            var items = new JsonArray();
            string? next = null;
            do
            {
                var query = new List<string>();
                if (parse.GetValue(status) is { } s)
                {
                    query.Add("status=" + Uri.EscapeDataString(s));
                }
                if (next is not null)
                {
                    query.Add("nextToken=" + Uri.EscapeDataString(next));
                }
                var (code, body) = await client.GetAsync("environments" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct).ConfigureAwait(false);
                if (code != HttpStatusCode.OK)
                {
                    return await ServiceClient.ReportProblemAsync(code, body, io.Error).ConfigureAwait(false);
                }
                foreach (var item in body?["items"]?.AsArray() ?? [])
                {
                    items.Add(item?.DeepClone());
                }
                next = (string?)body?["nextToken"];
            }
            while (next is not null);
            if (json)
            {
                await io.Out.WriteLineAsync(new JsonObject { ["items"] = items }.ToJsonString()).ConfigureAwait(false);
            }
            else
            {
                foreach (var item in items)
                {
                    await io.Out.WriteLineAsync(ServiceClient.Describe(item!)).ConfigureAwait(false);
                }
            }
            return ExitCodes.Ok;
        });
        var watch = new Option<bool>("--watch") { Description = "Keep following until the environment settles." };
        yield return Verb(io, "status", "Show one environment.", [id, watch], async (parse, client, json, ct) =>
        {
            var (code, body) = await client.GetAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!), ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, parse.GetValue(watch), ct).ConfigureAwait(false);
        });
        yield return Verb(io, "delete", "Tear an environment down (a provision in progress is stopped first).", [id, wait], async (parse, client, json, ct) =>
        {
            var (code, body) = await client.DeleteAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!), ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, parse.GetValue(wait), ct).ConfigureAwait(false);
        });
        yield return Verb(io, "retry", "Do again what failed (provision again, or tear down again).", [id, wait], async (parse, client, json, ct) =>
        {
            var (code, body) = await client.PostAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!) + "/retry", null, ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, parse.GetValue(wait), ct).ConfigureAwait(false);
        });
        yield return Verb(io, "sleep", "Put an environment to sleep now, as its office hours do (its Auto Scaling group to 0).", [id], async (parse, client, json, ct) =>
        {
            var (code, body) = await client.PostAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!) + "/sleep", null, ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, follow: false, ct).ConfigureAwait(false);
        });
        yield return Verb(io, "wake", "Wake a sleeping environment (the spec's sizes back; READY once every target is healthy).", [id, wait], async (parse, client, json, ct) =>
        {
            var (code, body) = await client.PostAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!) + "/wake", null, ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, parse.GetValue(wait), ct).ConfigureAwait(false);
        });
        yield return Verb(io, "extend", "Move an environment's expiry later.", [id, hours], async (parse, client, json, ct) =>
        {
            var request = new JsonObject { ["hours"] = parse.GetValue(hours) }.ToJsonString();
            var (code, body) = await client.PostAsync("environments/" + Uri.EscapeDataString(parse.GetValue(id)!) + "/extend", request, ct).ConfigureAwait(false);
            return await SettleAsync(io, client, code, body, json, follow: false, ct).ConfigureAwait(false);
        });
    }

    private static Command Verb(CliIo io, string name, string description, Symbol[] symbols,
        Func<ParseResult, ServiceClient, bool, CancellationToken, Task<int>> run)
    {
        var api = new Option<string?>("--api") { Description = "The Provisioner API (default: PROVISIONER_API, then a running up)." };
        var token = new Option<string?>("--token") { Description = "Bearer token (default: PROVISIONER_TOKEN, then up's user)." };
        var user = new Option<string?>("--user") { Description = "Which of a running up's users to be (default dev-a)." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON." };
        var command = new Command(name, description) { api, token, user, json };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        command.SetAction(async (parse, ct) =>
        {
            var (client, problem) = ServiceClient.Connect(parse.GetValue(api), parse.GetValue(token), parse.GetValue(user));
            if (client is null)
            {
                await io.Error.WriteLineAsync(problem).ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
            using (client)
            {
                try
                {
                    return await run(parse, client, parse.GetValue(json), ct).ConfigureAwait(false);
                }
                catch (HttpRequestException e)
                {
                    await io.Error.WriteLineAsync($"cannot reach the Provisioner API: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Unavailable;
                }
                catch (IOException e)
                {
                    await io.Error.WriteLineAsync($"cannot read the file: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.InvalidInput;
                }
            }
        });
        return command;
    }

    /// <summary>Prints the answer; with <paramref name="follow"/>, prints the workflow's events until the environment settles.</summary>
    private static async Task<int> SettleAsync(CliIo io, ServiceClient client, HttpStatusCode code, JsonNode? body, bool json, bool follow, CancellationToken ct)
    {
        if ((int)code >= 300)
        {
            return await ServiceClient.ReportProblemAsync(code, body, io.Error).ConfigureAwait(false);
        }
        var environment = body!;
        var id = (string)environment["environmentId"]!;
        string? cursor = null;
        async Task PrintEventsAsync()
        {
            var (eventsCode, events) = await client.GetAsync($"environments/{Uri.EscapeDataString(id)}/events" + (cursor is null ? "" : "?after=" + Uri.EscapeDataString(cursor)), ct).ConfigureAwait(false);
            if (eventsCode != HttpStatusCode.OK)
            {
                return;
            }
            // Progress goes to stderr (also with --json, whose one object goes to stdout at the end).
            foreach (var e in events?["events"]?.AsArray() ?? [])
            {
                var branch = (string?)e?["branch"] is { } b ? $" [{b}]" : "";
                await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(string?)e?["at"]} {(string?)e?["step"],-26} {(string?)e?["phase"],-9}{branch}")).ConfigureAwait(false);
            }
            cursor = (string?)events?["next"] ?? cursor;
        }

        while (follow && !IsSettled(environment))
        {
            await PrintEventsAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            (code, body) = await client.GetAsync("environments/" + Uri.EscapeDataString(id), ct).ConfigureAwait(false);
            if (code == HttpStatusCode.NotFound)
            {
                break;
            }
            if ((int)code >= 300)
            {
                return await ServiceClient.ReportProblemAsync(code, body, io.Error).ConfigureAwait(false);
            }
            environment = body!;
        }
        if (follow)
        {
            await PrintEventsAsync().ConfigureAwait(false);
        }
        await io.Out.WriteLineAsync(json ? environment.ToJsonString() : ServiceClient.Describe(environment)).ConfigureAwait(false);
        return follow && (environment["status"]?.GetValue<string>() is "FAILED" or "ROLLBACK_FAILED" or "DELETE_FAILED" || WakeGaveUp(environment)) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static bool IsSettled(JsonNode environment) =>
        Settled.Contains(environment["status"]?.GetValue<string>()) || WakeGaveUp(environment);

    /// <summary>WAKING whose checks ran out of budget: nothing moves it on until someone wakes it again, so a wait ends there.</summary>
    private static bool WakeGaveUp(JsonNode environment) =>
        environment["status"]?.GetValue<string>() == EnvironmentStatus.Waking
        && environment["statusReason"]?.GetValue<string>() is { } reason
        && reason.Contains(OfficeHoursTransitions.ChecksStopped, StringComparison.Ordinal);
}
