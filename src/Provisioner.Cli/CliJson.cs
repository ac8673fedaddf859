using System.Text.Encodings.Web;
using System.Text.Json;
using Provisioner.Core.Spec;

namespace Provisioner.Cli;

/// <summary>
/// JSON as a terminal user reads it: indented, and without escaping quotes, '&lt;' or non-ASCII text
/// (the output goes to a terminal or a file, never into HTML).
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static SpecJsonContext Spec { get; } = new(new JsonSerializerOptions(SpecJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
