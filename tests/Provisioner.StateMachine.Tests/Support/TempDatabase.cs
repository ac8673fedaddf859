namespace Provisioner.StateMachine.Tests.Support;

/// <summary>A SQLite file in its own temp folder, removed afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sm-tests-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Folder, "engine.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may linger briefly; the temp folder is harmless.
        }
    }
}
