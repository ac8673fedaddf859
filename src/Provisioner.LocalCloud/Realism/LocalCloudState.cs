using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Provisioner.LocalCloud.Realism;

/// <summary>A part of the realism layer's memory that moto does not hold and that must outlive the process.</summary>
internal interface IPersistentState
{
    /// <summary>The part's key in the state file.</summary>
    string StateName { get; }

    JsonNode SaveState();

    void LoadState(JsonNode state);
}

/// <summary>
/// The realism layer's own memory (lifecycle clocks, client tokens, export tasks, groups being deleted, what
/// moto lacks) in one small file of the data folder, so a LocalCloud restarted on the same folder and the same
/// emulator (a moto that outlived it) carries on where the last one stopped. The file is written again after
/// every change, before the call that made the change returns, atomically (a temporary file, then a rename),
/// as <see cref="Scheduling.LocalScheduler"/> writes its progress: a kill leaves the previous or the next
/// version, never half of one.
/// </summary>
/// <remarks>
/// A change moto made and this file did not record yet (a kill in the microseconds between the two) is lost;
/// for a lifecycle clock that means moto's own answer (an AMI available at once), for a client token the
/// answer a token moto ignores gets (the steps find what a lost call made by name and tag, as they do after
/// a lost response). Every write also records the clock's now, so a restart can resume the simulated time no
/// earlier than the last thing it recorded (<see cref="SavedNow"/>).
/// </remarks>
public sealed class LocalCloudState
{
    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private const string NowKey = "now";

    private readonly Lock _gate = new();
    private readonly List<IPersistentState> _parts = [];
    private readonly JsonObject _loaded;
    private readonly TimeProvider _time;
    private bool _loading;

    /// <param name="path">The state file; null keeps everything in memory only (tests, the demo).</param>
    public LocalCloudState(string? path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Path = path;
        _time = time;
        _loaded = path is not null && File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
    }

    public string? Path { get; }

    /// <summary>How many times the file was written (inspection and tests).</summary>
    public int Writes { get; private set; }

    /// <summary>The simulated now of the last write in <paramref name="path"/>, or null when there is none.</summary>
    public static DateTimeOffset? SavedNow(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?[NowKey]?.GetValue<string>() is not { } now)
        {
            return null;
        }
        return DateTimeOffset.Parse(now, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>Adds a part and gives it what the file holds for it.</summary>
    internal void Attach(IPersistentState part)
    {
        lock (_gate)
        {
            _parts.Add(part);
            if (_loaded[part.StateName] is { } saved)
            {
                _loading = true;
                try
                {
                    part.LoadState(saved);
                }
                finally
                {
                    _loading = false;
                }
            }
        }
    }

    /// <summary>Writes every part again (a part calls it after each change it makes).</summary>
    internal void Changed()
    {
        if (Path is not { } path)
        {
            return;
        }
        lock (_gate)
        {
            if (_loading)
            {
                return;
            }
            var document = new JsonObject { [NowKey] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };
            foreach (var part in _parts)
            {
                document[part.StateName] = part.SaveState();
            }
            var temp = path + ".tmp";
            File.WriteAllText(temp, document.ToJsonString());
            File.Move(temp, path, overwrite: true);
            Writes++;
        }
    }
}
