using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Sections;

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

    private static readonly Dictionary<string, string> ExplainedRootProperties = new(StringComparer.Ordinal)
    {
        ["owner"] = "must not be given: the owner is taken from the caller's identity",
    };

    /// <summary>Why a spec cannot name its own export bucket (issue 12).</summary>
    public const string ExportBucketRule =
        "is not accepted: every environment's logs are exported to the deployment's export bucket (template parameter LogExportBucket), under <environmentId>/<generation>/; remove this property";

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

    private EnvironmentSpec? ReadSpec(JsonNode? root, List<SpecError> errors) =>
        JsonObjectView.Of(root, "", errors)?.ReadAll(doc => ReadSpec(doc, errors), ExplainedRootProperties);

    /// <summary>Every section in the spec's order (which is the order of the known-property list in errors).</summary>
    private EnvironmentSpec? ReadSpec(JsonObjectView doc, List<SpecError> errors)
    {
        var environmentId = ReadEnvironmentId(doc);
        var source = SourceSection.Read(doc);
        var network = NetworkSection.Read(doc);
        var app = AppSection.Read(doc);
        var loadBalancer = LoadBalancerSection.Read(doc);
        var launch = LaunchSection.Read(doc, environmentId, app);
        var scaling = ScalingSection.Read(doc, _options.MaxInstancesCap);
        var alarms = AlarmsSection.Read(doc);
        var logs = LogsSection.Read(doc);
        doc.NullableInt("ttlHours", 1, 30 * 24, "hours (1 hour to 30 days)", out var ttlHours);
        var hours = HoursSection.Read(doc);

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
}
