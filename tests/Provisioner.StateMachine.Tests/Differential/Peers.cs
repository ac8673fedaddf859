using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud;
using Provisioner.StateMachine.Tests.Conformance;

namespace Provisioner.StateMachine.Tests.Differential;

/// <summary>The repository checkout the tests run from (where tools/ lives).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Provisioner.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>
/// aws-local-stepfunctions (npm) through tools/differential/run-local-stepfunctions.mjs: one node
/// process runs every case concurrently and prints one outcome per case.
/// </summary>
internal static class NodePeer
{
    public const string Name = "aws-local-stepfunctions";

    public static async Task<Dictionary<string, Outcome>> RunAllAsync(IReadOnlyList<ConformanceCase> cases, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Repository.Root, "tools", "differential", "run-local-stepfunctions.mjs");
        var request = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["definition"] = c.Definition.DeepClone(),
            ["input"] = c.Input?.DeepClone(),
        })]);
        var info = new ProcessStartInfo("node")
        {
            ArgumentList = { script },
            WorkingDirectory = Path.Combine(Repository.Root, "tools"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(request.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).AsMemory(), cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
            }
            var results = new Dictionary<string, Outcome>(StringComparer.Ordinal);
            foreach (var item in JsonNode.Parse(await stdout)!.AsArray())
            {
                var o = item!.AsObject();
                results[o["id"]!.GetValue<string>()] = new Outcome(
                    o["status"]!.GetValue<string>(),
                    o["output"]?.DeepClone(),
                    o["error"]?.GetValue<string>(),
                    o["cause"]?.GetValue<string>());
            }
            return results;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}

/// <summary>
/// moto's Step Functions executor (enabled with <c>POST /moto-api/config</c>) over the AWS JSON 1.0
/// API. moto 5.2 runs one execution per region backend reliably (a second StartExecution in the
/// same backend fails deep-copying the first execution's lock), so cases run in rounds: reset,
/// then one case per region concurrently.
/// </summary>
internal static class MotoPeer
{
    public const string Name = "moto";

    private static readonly string[] Regions =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
        "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", "ca-central-1",
    ];

    /// <summary>Real time one moto execution may take; the peers wait in real time.</summary>
    private static readonly TimeSpan ExecutionDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// moto loads its ASL parser on the first CreateStateMachine: seconds on an idle machine, tens
    /// of seconds on a loaded one. One warm-up call absorbs that before the rounds start.
    /// </summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);

    public static async Task<Dictionary<string, Outcome>> RunAllAsync(IReadOnlyList<ConformanceCase> cases, CancellationToken cancellationToken)
    {
        await using var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = moto.Endpoint, Timeout = RequestTimeout };
        await EnableExecutionAsync(http, cancellationToken);
        var (_, warmUpError) = await CallAsync(http, Regions[0], "CreateStateMachine", new JsonObject
        {
            ["name"] = "warm-up",
            ["roleArn"] = "arn:aws:iam::123456789012:role/differential",
            ["definition"] = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
        }, cancellationToken);
        if (warmUpError is not null)
        {
            throw new InvalidOperationException($"moto rejected a minimal state machine: {warmUpError}");
        }
        var results = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var round in cases.Chunk(Regions.Length))
        {
            await moto.ResetAsync(cancellationToken);
            await EnableExecutionAsync(http, cancellationToken);
            var outcomes = await Task.WhenAll(round.Select((c, i) => RunAsync(http, Regions[i], c, cancellationToken)));
            for (var i = 0; i < round.Length; i++)
            {
                results[round[i].Id] = outcomes[i];
            }
        }
        return results;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task EnableExecutionAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var config = new StringContent("""{"stepfunctions":{"execute_state_machine":true}}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("moto-api/config", UriKind.Relative), config, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One case; a transport failure or a timeout becomes that case's outcome, not the batch's.</summary>
    private static async Task<Outcome> RunAsync(HttpClient http, string region, ConformanceCase @case, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(http, region, @case, cancellationToken);
        }
        catch (Exception ex) when ((ex is HttpRequestException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome("PEER_ERROR", null, ex.GetType().Name, ex.Message);
        }
    }

    private static async Task<Outcome> ExecuteAsync(HttpClient http, string region, ConformanceCase @case, CancellationToken cancellationToken)
    {
        var (created, createError) = await CallAsync(http, region, "CreateStateMachine", new JsonObject
        {
            ["name"] = "differential",
            ["roleArn"] = "arn:aws:iam::123456789012:role/differential",
            ["definition"] = @case.DefinitionJson,
        }, cancellationToken);
        if (createError is not null)
        {
            return createError;
        }
        var (started, startError) = await CallAsync(http, region, "StartExecution", new JsonObject
        {
            ["stateMachineArn"] = created!["stateMachineArn"]!.GetValue<string>(),
            ["name"] = "differential-execution",
            ["input"] = @case.InputJson,
        }, cancellationToken);
        if (startError is not null)
        {
            return startError;
        }
        var arn = started!["executionArn"]!.GetValue<string>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ExecutionDeadline);
        while (true)
        {
            var (described, describeError) = await CallAsync(http, region, "DescribeExecution", new JsonObject { ["executionArn"] = arn }, deadline.Token);
            if (describeError is not null)
            {
                return describeError;
            }
            var status = described!["status"]!.GetValue<string>();
            if (status != "RUNNING")
            {
                return new Outcome(
                    status,
                    described["output"] is JsonValue output ? ParseOutput(output.GetValue<string>()) : null,
                    described["error"]?.GetValue<string>(),
                    described["cause"]?.GetValue<string>());
            }
            // moto runs the execution on a thread of its own; a short poll of a real external process.
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }
    }

    /// <summary>
    /// DescribeExecution's output is JSON text, but moto 5.2 writes a string result unquoted
    /// (<c>Yes</c> instead of <c>"Yes"</c>). Text that is not JSON is taken as that string, so
    /// this wire-format slip does not hide what moto computed.
    /// </summary>
    private static JsonNode? ParseOutput(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static async Task<(JsonObject? Body, Outcome? Error)> CallAsync(HttpClient http, string region, string action, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(Relaxed), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions." + action);
        // One connection per call: moto's development server drops reused keep-alive connections
        // under concurrent load ("response ended prematurely").
        request.Headers.ConnectionClose = true;
        // moto routes by the credential scope; it does not check the signature.
        request.Headers.TryAddWithoutValidation("Authorization", string.Create(CultureInfo.InvariantCulture,
            $"AWS4-HMAC-SHA256 Credential=testing/20240101/{region}/states/aws4_request, SignedHeaders=host, Signature=0"));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            JsonNode? error = null;
            try
            {
                error = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // moto answered with HTML (an internal error): keep the status code only.
            }
            return (null, new Outcome("INVALID", null, error?["__type"]?.GetValue<string>() ?? $"HTTP {(int)response.StatusCode}", error?["message"]?.GetValue<string>() ?? action));
        }
        return (JsonNode.Parse(text)!.AsObject(), null);
    }
}
