using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Core.Launch;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation;

/// <summary>
/// Turns a JSON document into a normalized <see cref="EnvironmentSpec"/> (defaults filled), or reports
/// every error it contains at once, each with its JSON pointer, the offending value and the rule.
/// It never throws for any input: whatever a caller sends, the answer is a spec or a list of errors.
/// </summary>
public sealed partial class EnvironmentSpecValidator(ValidationOptions? options = null)
{
    private readonly ValidationOptions _options = options ?? ValidationOptions.Default;

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentIdShape();

    public const string EnvironmentIdRule =
        "must be 3 to 20 characters: lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit";

    private static readonly string[] RootProperties =
        ["environmentId", "source", "network", "app", "loadBalancer", "launch", "scaling", "alarms", "logs", "ttlHours", "hours"];

    private static readonly Dictionary<string, string> ExplainedRootProperties = new(StringComparer.Ordinal)
    {
        ["owner"] = "must not be given: the owner is taken from the caller's identity",
    };

    /// <summary>
    /// Parses and validates JSON text; malformed JSON is one error with its 1-based line and column. With a
    /// <paramref name="defaultNetwork"/>, a spec without <c>network</c> gets it first, as the deployment gives it.
    /// </summary>
    public SpecValidationResult Validate(string json, DefaultNetwork? defaultNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return new SpecValidationResult(null, [MalformedJson(ex)]);
        }
        // A repeated name makes the parsed object throw on first use, so nothing else is read.
        var duplicates = JsonDuplicates.Find(json);
        if (duplicates.Count > 0)
        {
            return new SpecValidationResult(null, [.. duplicates.Select(pointer => new SpecError(pointer, null, JsonDuplicates.Rule))]);
        }
        return Validate(defaultNetwork is null ? root : defaultNetwork.ApplyTo(root));
    }

    /// <summary>The error for JSON that does not parse, positioned 1-based as editors show it.</summary>
    public static SpecError MalformedJson(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        var reason = exception.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
        return new SpecError("", null, $"is not well-formed JSON at line {line}, column {column}: {reason}");
    }

    public SpecValidationResult Validate(JsonNode? root)
    {
        var errors = new List<SpecError>();
        var spec = ReadSpec(root, errors);
        return errors.Count == 0 && spec is not null
            ? new SpecValidationResult(spec, [])
            : new SpecValidationResult(null, errors);
    }

    private EnvironmentSpec? ReadSpec(JsonNode? root, List<SpecError> errors)
    {
        var doc = JsonObjectView.Of(root, "", errors);
        if (doc is null)
        {
            return null;
        }
        doc.RejectUnknown(RootProperties, ExplainedRootProperties);

        var environmentId = ReadEnvironmentId(doc);
        var source = ReadSource(doc);
        var network = ReadNetwork(doc);
        var app = ReadApp(doc);
        var loadBalancer = ReadLoadBalancer(doc);
        var launch = ReadLaunch(doc, environmentId, app);
        var scaling = ReadScaling(doc);
        var alarms = ReadAlarms(doc);
        var logs = ReadLogs(doc);
        doc.NullableInt("ttlHours", 1, 30 * 24, "hours (1 hour to 30 days)", out var ttlHours);
        var hours = ReadHours(doc);

        if (errors.Count > 0 || environmentId is null || source is null || network is null)
        {
            return null;
        }
        return new EnvironmentSpec
        {
            EnvironmentId = environmentId,
            Source = source,
            Network = network,
            App = app,
            LoadBalancer = loadBalancer,
            Launch = launch,
            Scaling = scaling,
            Alarms = alarms,
            Logs = logs,
            TtlHours = ttlHours,
            Hours = hours,
        };
    }

    /// <summary>The environment id rule (<see cref="EnvironmentIdRule"/>), for inputs that carry only an id (a teardown).</summary>
    public static bool IsValidEnvironmentId(string? id) =>
        id is { Length: >= 3 and <= 20 } && EnvironmentIdShape().IsMatch(id);

    private static string? ReadEnvironmentId(JsonObjectView doc)
    {
        if (!doc.Require("environmentId") || !doc.String("environmentId", out var id) || id is null)
        {
            return null;
        }
        if (!IsValidEnvironmentId(id))
        {
            doc.Error("environmentId", id, EnvironmentIdRule);
            return null;
        }
        return id;
    }

    /// <summary>AWS's longest tag value.</summary>
    private const int MaxInstanceNameLength = 256;

    /// <summary>The ways to name an image's source; a spec gives exactly one.</summary>
    private static readonly string[] SourceKinds = ["instanceId", "instanceName", "amiId"];

    private static SourceSpec? ReadSource(JsonObjectView doc)
    {
        var source = doc.Object("source", required: true);
        if (source is null)
        {
            return null;
        }
        source.RejectUnknown(["instanceId", "instanceName", "amiId", "noReboot"]);
        var ok = source.String("instanceId", out var instanceId);
        ok &= source.String("instanceName", out var instanceName);
        ok &= source.String("amiId", out var amiId);
        ok &= source.Bool("noReboot", false, out var noReboot);

        if (instanceId is not null && !AwsIdentifiers.InstanceId().IsMatch(instanceId))
        {
            source.Error("instanceId", instanceId, "must be an EC2 instance id: 'i-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }
        if (instanceName is not null && (instanceName.Length is 0 or > MaxInstanceNameLength || instanceName.Any(char.IsControl)))
        {
            source.Error("instanceName", instanceName, $"must be the instance's Name tag: 1 to {MaxInstanceNameLength} characters (AWS's tag value limit), no control characters");
            ok = false;
        }
        if (amiId is not null && !AwsIdentifiers.ImageId().IsMatch(amiId))
        {
            source.Error("amiId", amiId, "must be an AMI id: 'ami-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }
        var given = SourceKinds.Count(source.HasValue);
        if (given != 1)
        {
            doc.Error("source", null, given == 0
                ? "must have exactly one of instanceId or instanceName (bake an image) and amiId (use an image)"
                : "must have exactly one of instanceId or instanceName (bake an image) and amiId (use an image), not several");
            ok = false;
        }
        if (noReboot && source.HasValue("amiId") && !source.HasValue("instanceId") && !source.HasValue("instanceName"))
        {
            source.Error("noReboot", true, "applies only when baking an image from instanceId or instanceName");
            ok = false;
        }
        return ok ? new SourceSpec { InstanceId = instanceId, InstanceName = instanceName, AmiId = amiId, NoReboot = noReboot } : null;
    }

    private static NetworkSpec? ReadNetwork(JsonObjectView doc)
    {
        var network = doc.Object("network", required: true);
        if (network is null)
        {
            return null;
        }
        network.RejectUnknown(["vpcId", "subnetIds"]);
        var ok = network.Require("vpcId") & network.String("vpcId", out var vpcId);
        if (vpcId is not null && !AwsIdentifiers.VpcId().IsMatch(vpcId))
        {
            network.Error("vpcId", vpcId, "must be a VPC id: 'vpc-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }

        ok &= network.Require("subnetIds") & network.Array("subnetIds", out var subnetNodes);
        var subnets = new List<string>();
        if (subnetNodes is not null)
        {
            var pointer = network.PointerOf("subnetIds");
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var itemsOk = true;
            for (var i = 0; i < subnetNodes.Count; i++)
            {
                var node = subnetNodes[i];
                var itemPointer = JsonPointer.Append(pointer, i);
                if (node is null || !JsonObjectView.TryGetString(node, out var subnet) || !AwsIdentifiers.SubnetId().IsMatch(subnet))
                {
                    network.AddError(itemPointer, node, "must be a subnet id: 'subnet-' followed by 8 or 17 lower-case hex digits");
                    itemsOk = false;
                    continue;
                }
                if (seen.TryGetValue(subnet, out var first))
                {
                    network.AddError(itemPointer, node, $"repeats {JsonPointer.Append(pointer, first)}: each subnet may be listed once");
                    itemsOk = false;
                    continue;
                }
                seen[subnet] = i;
                subnets.Add(subnet);
            }
            // Only once every item is a well-formed, distinct subnet: otherwise the item errors say it better.
            if (itemsOk && seen.Count < 2)
            {
                network.Error("subnetIds", subnetNodes, "must list at least 2 distinct subnets, in different Availability Zones (an Application Load Balancer needs two)");
                itemsOk = false;
            }
            ok &= itemsOk;
        }
        return ok && vpcId is not null ? new NetworkSpec { VpcId = vpcId, SubnetIds = subnets } : null;
    }

    private static AppSpec ReadApp(JsonObjectView doc)
    {
        var defaults = new AppSpec();
        var app = doc.Object("app");
        if (app is null)
        {
            return defaults;
        }
        app.RejectUnknown(["port", "healthCheck", "logFile"]);
        app.Int("port", defaults.Port, 1, 65535, "", out var port);
        app.String("logFile", out var logFile);
        if (logFile is not null && !AwsIdentifiers.LogFilePath().IsMatch(logFile))
        {
            app.Error("logFile", logFile, "must be an absolute path of at most 255 letters, digits and . _ - / * characters");
        }
        return new AppSpec { Port = port, HealthCheck = ReadHealthCheck(app, defaults.HealthCheck), LogFile = logFile ?? defaults.LogFile };
    }

    private static HealthCheckSpec ReadHealthCheck(JsonObjectView app, HealthCheckSpec defaults)
    {
        var check = app.Object("healthCheck");
        if (check is null)
        {
            return defaults;
        }
        check.RejectUnknown(["path", "intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold"]);
        check.String("path", out var path);
        if (path is not null && (!path.StartsWith('/') || path.Length > 1024 || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            check.Error("path", path, "must start with '/' and be at most 1024 characters without spaces");
        }
        var intervalOk = check.Int("intervalSeconds", defaults.IntervalSeconds, 5, 300, "seconds", out var interval);
        var timeoutOk = check.Int("timeoutSeconds", defaults.TimeoutSeconds, 2, 120, "seconds", out var timeout);
        if (intervalOk && timeoutOk && timeout >= interval)
        {
            check.Error("timeoutSeconds", timeout, $"must be less than intervalSeconds ({interval})");
        }
        check.Int("healthyThreshold", defaults.HealthyThreshold, 2, 10, "checks", out var healthy);
        check.Int("unhealthyThreshold", defaults.UnhealthyThreshold, 2, 10, "checks", out var unhealthy);
        return new HealthCheckSpec
        {
            Path = path ?? defaults.Path,
            IntervalSeconds = interval,
            TimeoutSeconds = timeout,
            HealthyThreshold = healthy,
            UnhealthyThreshold = unhealthy,
        };
    }

    private static LoadBalancerSpec ReadLoadBalancer(JsonObjectView doc)
    {
        var defaults = new LoadBalancerSpec();
        var lb = doc.Object("loadBalancer");
        if (lb is null)
        {
            return defaults;
        }
        lb.RejectUnknown(["scheme", "https", "redirectHttpToHttps", "stickiness", "deregistrationDelaySeconds"]);
        lb.String("scheme", out var scheme);
        if (scheme is not null and not LoadBalancerSpec.InternetFacing and not LoadBalancerSpec.Internal)
        {
            lb.Error("scheme", scheme, "must be \"internet-facing\" or \"internal\"");
        }

        // Omitted: the lab's self-signed HTTPS. Explicit null: HTTP only.
        var https = lb.Has("https") ? ReadHttps(lb) : defaults.Https;
        var redirectGiven = lb.HasValue("redirectHttpToHttps");
        lb.Bool("redirectHttpToHttps", https is not null, out var redirect);
        if (redirectGiven && redirect && lb.Has("https") && !lb.HasValue("https"))
        {
            lb.Error("redirectHttpToHttps", true, "can be true only when https is configured");
        }

        var stickiness = defaults.Stickiness;
        if (lb.Object("stickiness") is { } sticky)
        {
            sticky.RejectUnknown(["enabled", "durationSeconds"]);
            sticky.Bool("enabled", stickiness.Enabled, out var enabled);
            sticky.Int("durationSeconds", stickiness.DurationSeconds, 1, 604800, "seconds (1 second to 7 days)", out var duration);
            stickiness = new StickinessSpec { Enabled = enabled, DurationSeconds = duration };
        }
        lb.Int("deregistrationDelaySeconds", defaults.DeregistrationDelaySeconds, 0, 3600, "seconds", out var delay);
        return new LoadBalancerSpec
        {
            Scheme = scheme ?? defaults.Scheme,
            Https = https,
            RedirectHttpToHttps = redirect,
            Stickiness = stickiness,
            DeregistrationDelaySeconds = delay,
        };
    }

    private static HttpsSpec? ReadHttps(JsonObjectView lb)
    {
        var https = lb.Object("https");
        if (https is null)
        {
            return null;
        }
        https.RejectUnknown(["certificateArn", "selfSigned"]);
        https.String("certificateArn", out var arn);
        https.Bool("selfSigned", false, out var selfSigned);
        if (arn is not null && !AwsIdentifiers.IsCertificateArn(arn))
        {
            https.Error("certificateArn", arn,
                "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>) or an IAM server certificate ARN (arn:aws:iam::<account>:server-certificate/<name>)");
        }
        if ((arn is not null) == selfSigned)
        {
            lb.Error("https", null, arn is not null
                ? "must have either certificateArn or selfSigned: true, not both"
                : "must have either certificateArn or selfSigned: true (use null for HTTP only)");
        }
        return new HttpsSpec { CertificateArn = arn, SelfSigned = selfSigned };
    }

    private static LaunchSpec ReadLaunch(JsonObjectView doc, string? environmentId, AppSpec app)
    {
        var defaults = new LaunchSpec();
        var launch = doc.Object("launch");
        if (launch is null)
        {
            return defaults;
        }
        launch.RejectUnknown(["instanceType", "keyName", "userData", "tags"]);
        launch.String("instanceType", out var instanceType);
        if (instanceType is not null && (instanceType.Length > 64 || !AwsIdentifiers.InstanceType().IsMatch(instanceType)))
        {
            launch.Error("instanceType", instanceType, "must be an EC2 instance type such as t3.micro (family, a dot, size)");
        }
        launch.String("keyName", out var keyName);
        if (keyName is not null && (keyName.Length is < 1 or > 255 || keyName.Any(c => c is < ' ' or > '~')))
        {
            launch.Error("keyName", keyName, "must be 1 to 255 printable ASCII characters");
        }
        launch.String("userData", out var userData);
        if (userData is not null)
        {
            CheckUserData(launch, userData, environmentId, app);
        }
        var tags = ReadTags(launch);
        return new LaunchSpec
        {
            InstanceType = instanceType ?? defaults.InstanceType,
            KeyName = keyName,
            UserData = userData,
            Tags = tags,
        };
    }

    private static void CheckUserData(JsonObjectView launch, string userData, string? environmentId, AppSpec app)
    {
        if (UserDataComposer.ContentTypeOf(userData) is null)
        {
            launch.Error("userData", Truncate(userData),
                $"must start with {string.Join(", ", UserDataComposer.AcceptedMarkers)} (a script or cloud-init directive); Provisioner combines it with the CloudWatch agent part");
            return;
        }
        if (userData.Contains(UserDataComposer.Boundary, StringComparison.Ordinal))
        {
            launch.Error("userData", Truncate(userData), "must not contain Provisioner's MIME boundary " + UserDataComposer.Boundary);
            return;
        }
        // The exact size check needs a valid environment id (the log group name is part of the agent part);
        // without one, check against the most room any valid id could leave.
        var id = environmentId ?? new string('x', 20);
        var composed = UserDataComposer.SizeInBytes(id, app, userData);
        if (composed > UserDataComposer.MaxBytes)
        {
            var room = UserDataComposer.MaxBytes - (composed - Encoding.UTF8.GetByteCount(userData));
            launch.Error("userData", Truncate(userData),
                $"must be at most {room} bytes: EC2 allows {UserDataComposer.MaxBytes} bytes of user data and the CloudWatch agent part takes the rest (this is {Encoding.UTF8.GetByteCount(userData)} bytes)");
        }
    }

    private static Dictionary<string, string> ReadTags(JsonObjectView launch)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!launch.StringMap("tags", out var entries))
        {
            return tags;
        }
        const int maxUserTags = ResourceTags.AwsMaxTagsPerResource - ResourceTags.ManagedTagCount;
        if (entries.Count > maxUserTags)
        {
            launch.Error("tags", null, $"must have at most {maxUserTags} tags (AWS allows {ResourceTags.AwsMaxTagsPerResource} and Provisioner sets {ResourceTags.ManagedTagCount})");
        }
        foreach (var (key, value, pointer) in entries)
        {
            if (key.Length is < 1 or > 128)
            {
                launch.AddError(pointer, key, "tag key must be 1 to 128 characters");
            }
            else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                launch.AddError(pointer, key, "tag key must not start with 'aws:' (reserved by AWS)");
            }
            else if (key.StartsWith(ResourceTags.ReservedPrefix, StringComparison.OrdinalIgnoreCase) || key == ResourceTags.NameKey)
            {
                launch.AddError(pointer, key, $"tag key must not be 'Name' or start with '{ResourceTags.ReservedPrefix}' (set by Provisioner)");
            }
            else if (value!.Length > 256)
            {
                launch.AddError(pointer, value, "tag value must be at most 256 characters");
            }
            else
            {
                tags[key] = value;
            }
        }
        return tags;
    }

    private ScalingSpec ReadScaling(JsonObjectView doc)
    {
        var defaults = new ScalingSpec();
        var scaling = doc.Object("scaling");
        if (scaling is null)
        {
            return defaults;
        }
        scaling.RejectUnknown(["min", "max", "desired", "targetCpuPercent", "warmupSeconds", "healthCheckGraceSeconds"]);
        var cap = _options.MaxInstancesCap;
        var capNote = $"instances (this deployment's cap is {cap})";
        var minOk = scaling.Int("min", defaults.Min, 0, cap, capNote, out var min);
        var maxOk = scaling.Int("max", Math.Min(defaults.Max, cap), 1, cap, capNote, out var max);
        var desiredOk = scaling.Int("desired", defaults.Desired, 0, cap, capNote, out var desired);
        if (minOk && maxOk && min > max)
        {
            scaling.Error("min", min, $"must be at most max ({max})");
        }
        else if (minOk && maxOk && desiredOk && (desired < min || desired > max))
        {
            scaling.Error("desired", desired, $"must be between min ({min}) and max ({max})");
        }
        scaling.Int("targetCpuPercent", defaults.TargetCpuPercent, 1, 100, "percent", out var cpu);
        scaling.Int("warmupSeconds", defaults.WarmupSeconds, 0, 3600, "seconds", out var warmup);
        scaling.Int("healthCheckGraceSeconds", defaults.HealthCheckGraceSeconds, 0, 7200, "seconds", out var grace);
        return new ScalingSpec
        {
            Min = min,
            Max = max,
            Desired = desired,
            TargetCpuPercent = cpu,
            WarmupSeconds = warmup,
            HealthCheckGraceSeconds = grace,
        };
    }

    private static AlarmsSpec ReadAlarms(JsonObjectView doc)
    {
        var defaults = new AlarmsSpec();
        var alarms = doc.Object("alarms");
        if (alarms is null)
        {
            return defaults;
        }
        alarms.RejectUnknown(["cpuHighPercent", "evaluationPeriods", "notifyEmails"]);
        alarms.Int("cpuHighPercent", defaults.CpuHighPercent, 1, 100, "percent", out var cpuHigh);
        alarms.Int("evaluationPeriods", defaults.EvaluationPeriods, 1, 100, "periods of one minute", out var periods);
        alarms.Array("notifyEmails", out var emailNodes);
        var emails = new List<string>();
        if (emailNodes is not null)
        {
            var pointer = alarms.PointerOf("notifyEmails");
            if (emailNodes.Count > 10)
            {
                alarms.Error("notifyEmails", null, "must list at most 10 addresses");
            }
            for (var i = 0; i < emailNodes.Count; i++)
            {
                var node = emailNodes[i];
                if (node is null || !JsonObjectView.TryGetString(node, out var email) || !EmailAddress.IsValid(email))
                {
                    alarms.AddError(JsonPointer.Append(pointer, i), node, "must be an e-mail address such as ops@example.com");
                }
                else if (emails.Contains(email, StringComparer.OrdinalIgnoreCase))
                {
                    alarms.AddError(JsonPointer.Append(pointer, i), node, "is listed twice");
                }
                else
                {
                    emails.Add(email);
                }
            }
        }
        return new AlarmsSpec { CpuHighPercent = cpuHigh, EvaluationPeriods = periods, NotifyEmails = emails };
    }

    /// <summary>Why a spec cannot name its own export bucket (issue 12).</summary>
    public const string ExportBucketRule =
        "is not accepted: every environment's logs are exported to the deployment's export bucket (template parameter LogExportBucket), under <environmentId>/<generation>/; remove this property";

    private static LogsSpec ReadLogs(JsonObjectView doc)
    {
        var defaults = new LogsSpec();
        var logs = doc.Object("logs");
        if (logs is null)
        {
            return defaults;
        }
        logs.RejectUnknown(["retentionDays", "exportSchedule"], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["exportBucket"] = ExportBucketRule,
        });
        var retention = defaults.RetentionDays;
        if (logs.Int("retentionDays", defaults.RetentionDays, 1, 3653, "days", out var days))
        {
            if (LogRetention.AllowedDays.Contains(days))
            {
                retention = days;
            }
            else
            {
                logs.Error("retentionDays", days, "must be one of the periods CloudWatch Logs allows: " + string.Join(", ", LogRetention.AllowedDays));
            }
        }
        logs.String("exportSchedule", out var schedule);
        if (schedule is not null && ScheduleExpression.Check(schedule) is { } why)
        {
            logs.Error("exportSchedule", schedule, why);
        }
        return new LogsSpec { RetentionDays = retention, ExportSchedule = schedule ?? defaults.ExportSchedule };
    }

    /// <summary>Office hours: sleep and wake both required, both <c>cron(...)</c>, not the same, in an IANA zone.</summary>
    private static HoursSpec? ReadHours(JsonObjectView doc)
    {
        var hours = doc.Object("hours");
        if (hours is null)
        {
            return null;
        }
        hours.RejectUnknown(["sleep", "wake", "timezone"]);
        var sleep = ReadHoursCron(hours, "sleep");
        var wake = ReadHoursCron(hours, "wake");
        string? timezone = null;
        if (hours.Require("timezone") && hours.String("timezone", out var zone) && zone is not null)
        {
            if (IanaTimeZone.IsValid(zone))
            {
                timezone = zone;
            }
            else
            {
                hours.Error("timezone", zone, IanaTimeZone.Rule);
            }
        }
        if (sleep is not null && wake is not null && string.Equals(Normalize(sleep), Normalize(wake), StringComparison.OrdinalIgnoreCase))
        {
            hours.Error("wake", wake, "must differ from sleep: the same time would sleep and wake at once");
            return null;
        }
        return sleep is null || wake is null || timezone is null ? null : new HoursSpec { Sleep = sleep, Wake = wake, Timezone = timezone };

        static string Normalize(string cron) => string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? ReadHoursCron(JsonObjectView hours, string name)
    {
        if (!hours.Require(name) || !hours.String(name, out var expression) || expression is null)
        {
            return null;
        }
        var why = expression.StartsWith("cron(", StringComparison.Ordinal)
            ? ScheduleExpression.Check(expression)
            : "must be cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>): office hours are times of day";
        if (why is not null)
        {
            hours.Error(name, expression, why);
            return null;
        }
        return expression;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
