namespace Provisioner.Cli.Commands;

/// <summary>Reads a spec from a file or standard input, reporting an unreadable file with its reason.</summary>
internal static class SpecInput
{
    /// <summary>The text, or null after writing why it could not be read to the error stream.</summary>
    public static async Task<string?> ReadAsync(string path, CliIo io, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            return await io.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            if (Directory.Exists(path))
            {
                await io.Error.WriteLineAsync($"provisioner: cannot read '{path}': it is a directory, not a file").ConfigureAwait(false);
                return null;
            }
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            await io.Error.WriteLineAsync($"provisioner: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
