using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;

namespace Provisioner.Core.Launch;

/// <summary>
/// Builds the launch template's user data: a multi-part MIME document whose first part installs and
/// configures the CloudWatch agent to ship the application's log file to the environment's log group
/// (what the lab did by hand), followed by the spec's own user data. The validator uses the same
/// composer to enforce EC2's 16 KB limit on the result, so a spec that passes validation always fits.
/// </summary>
public static class UserDataComposer
{
    /// <summary>EC2's limit on user data, in bytes, before base64 encoding.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>A boundary no sensible user data contains; the validator rejects user data that does.</summary>
    public const string Boundary = "==PROVISIONER-USERDATA-7d3f2c1b==";

    private const string AgentConfigPath = "/opt/aws/amazon-cloudwatch-agent/etc/provisioner.json";

    /// <summary>The part type cloud-init needs for user data starting with each marker.</summary>
    private static readonly (string Marker, string ContentType)[] PartTypes =
    [
        ("#!", "text/x-shellscript"),
        ("#cloud-config", "text/cloud-config"),
        ("#cloud-boothook", "text/cloud-boothook"),
        ("#include", "text/x-include-url"),
    ];

    /// <summary>The markers user data may start with, for the validator's message.</summary>
    public static IEnumerable<string> AcceptedMarkers => PartTypes.Select(p => p.Marker);

    /// <summary>The MIME content type for user data, or null when it starts with no accepted marker.</summary>
    public static string? ContentTypeOf(string userData)
    {
        ArgumentNullException.ThrowIfNull(userData);
        foreach (var (marker, contentType) in PartTypes)
        {
            if (userData.StartsWith(marker, StringComparison.Ordinal))
            {
                return contentType;
            }
        }
        return null;
    }

    /// <summary>Composes the full user data (raw, not base64) for an environment.</summary>
    public static string Compose(string environmentId, AppSpec app, string? userData)
    {
        ArgumentNullException.ThrowIfNull(app);
        var names = ResourceNames.For(environmentId);
        var builder = new StringBuilder();
        builder.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\n");
        builder.Append("MIME-Version: 1.0\n\n");
        AppendPart(builder, "text/x-shellscript", "cloudwatch-agent.sh", AgentScript(names.LogGroup, app.LogFile));
        if (!string.IsNullOrEmpty(userData))
        {
            var contentType = ContentTypeOf(userData)
                ?? throw new ArgumentException("User data must start with one of: " + string.Join(", ", AcceptedMarkers), nameof(userData));
            AppendPart(builder, contentType, "application", userData);
        }
        builder.Append("--").Append(Boundary).Append("--\n");
        return builder.ToString();
    }

    /// <summary>The composed size in bytes, as EC2 counts it (UTF-8, before base64).</summary>
    public static int SizeInBytes(string environmentId, AppSpec app, string? userData) =>
        Encoding.UTF8.GetByteCount(Compose(environmentId, app, userData));

    private static void AppendPart(StringBuilder builder, string contentType, string fileName, string body)
    {
        builder.Append("--").Append(Boundary).Append('\n');
        builder.Append("Content-Type: ").Append(contentType).Append("; charset=\"utf-8\"\n");
        builder.Append("MIME-Version: 1.0\n");
        builder.Append("Content-Transfer-Encoding: 8bit\n");
        builder.Append("Content-Disposition: attachment; filename=\"").Append(fileName).Append("\"\n\n");
        builder.Append(body);
        if (!body.EndsWith('\n'))
        {
            builder.Append('\n');
        }
    }

    // The log file path and log group name are validated to plain path characters, so they are safe
    // inside the quoted heredoc and the JSON string.
    private static string AgentScript(string logGroup, string logFile) => $$"""
        #!/bin/bash
        # Ship the application's log to CloudWatch Logs (group {{logGroup}}), one stream per instance.
        set -eu
        dnf install -y amazon-cloudwatch-agent || yum install -y amazon-cloudwatch-agent
        mkdir -p "$(dirname {{logFile}})"
        cat > {{AgentConfigPath}} <<'PROVISIONER_AGENT_CONFIG'
        {{AgentConfig(logGroup, logFile)}}
        PROVISIONER_AGENT_CONFIG
        /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:{{AgentConfigPath}}

        """;

    private static string AgentConfig(string logGroup, string logFile)
    {
        var file = new JsonObject
        {
            ["file_path"] = logFile,
            ["log_group_name"] = logGroup,
            ["log_stream_name"] = "{instance_id}",
        };
        var config = new JsonObject
        {
            ["logs"] = new JsonObject { ["logs_collected"] = new JsonObject { ["files"] = new JsonObject { ["collect_list"] = new JsonArray(file) } } },
        };
        return config.ToJsonString();
    }
}
