namespace Provisioner.Cli;

/// <summary>The streams a command reads and writes; tests pass their own instead of capturing the console.</summary>
public sealed record CliIo(TextReader In, TextWriter Out, TextWriter Error);
