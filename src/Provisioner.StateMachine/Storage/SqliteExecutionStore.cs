using System.Text.Json.Nodes;
using System.Threading.Channels;

using Microsoft.Data.Sqlite;

using Provisioner.StateMachine.History;

namespace Provisioner.StateMachine.Storage;

/// <summary>
/// The durable store: one SQLite file in WAL mode. All writes go through one writer loop that
/// commits whatever has queued up in one transaction (group commit), so many executions share a
/// commit while each caller still awaits its own write being durable. Reads use their own
/// connections, which WAL lets run beside the writer.
/// </summary>
internal sealed class SqliteExecutionStore : IExecutionStore
{
    private const int MaxBatch = 512;

    private readonly string _connectionString;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private SqliteExecutionStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using (var connection = Open())
        {
            Execute(connection, """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS state_machines(
                  arn TEXT PRIMARY KEY, name TEXT NOT NULL, definition TEXT NOT NULL, role_arn TEXT NOT NULL,
                  type TEXT NOT NULL, created INTEGER NOT NULL, revision TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS executions(
                  arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
                  input TEXT NOT NULL, definition TEXT NOT NULL, start_date INTEGER NOT NULL, output TEXT, error TEXT, cause TEXT,
                  stop_date INTEGER, redrive_count INTEGER NOT NULL, redrive_date INTEGER);
                CREATE INDEX IF NOT EXISTS executions_by_machine ON executions(state_machine_arn, start_date);
                CREATE TABLE IF NOT EXISTS events(
                  execution_arn TEXT NOT NULL, id INTEGER NOT NULL, previous_id INTEGER NOT NULL, timestamp INTEGER NOT NULL,
                  type TEXT NOT NULL, details TEXT, op_key TEXT, meta TEXT, PRIMARY KEY(execution_arn, id)) WITHOUT ROWID;
                """);
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    public static SqliteExecutionStore Open(string path) => new(path);

    public Task Append(string executionArn, IReadOnlyList<HistoryEvent> events) =>
        Enqueue(new PendingWrite(executionArn, events, null, null));

    public Task SaveStateMachineAsync(StateMachineRecord stateMachine) => Enqueue(new PendingWrite(null, null, stateMachine, null));

    public Task SaveExecutionAsync(ExecutionRecord execution) => Enqueue(new PendingWrite(null, null, null, execution));

    public async Task<StateMachineRecord?> GetStateMachineAsync(string arn) =>
        First(await QueryAsync("SELECT arn, name, definition, role_arn, type, created, revision FROM state_machines WHERE arn = $a", ReadStateMachine, ("$a", arn)).ConfigureAwait(false));

    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync() =>
        QueryAsync("SELECT arn, name, definition, role_arn, type, created, revision FROM state_machines ORDER BY created", ReadStateMachine);

    public async Task<ExecutionRecord?> GetExecutionAsync(string arn) =>
        First(await QueryAsync(ExecutionColumns + " WHERE arn = $a", ReadExecution, ("$a", arn)).ConfigureAwait(false));

    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status) =>
        QueryAsync(ExecutionColumns + " WHERE ($m IS NULL OR state_machine_arn = $m) AND ($s IS NULL OR status = $s) ORDER BY start_date DESC, arn",
            ReadExecution, ("$m", stateMachineArn), ("$s", status));

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn) =>
        QueryAsync("SELECT id, previous_id, timestamp, type, details, op_key, meta FROM events WHERE execution_arn = $a ORDER BY id", r => new HistoryEvent(
            r.GetInt64(0),
            r.GetInt64(1),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
            r.GetString(3),
            r.IsDBNull(4) ? null : JsonNode.Parse(r.GetString(4))!.AsObject(),
            r.IsDBNull(5) ? null : r.GetString(5),
            r.IsDBNull(6) ? null : JsonNode.Parse(r.GetString(6))!.AsObject()), ("$a", executionArn));

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private const string ExecutionColumns =
        "SELECT arn, state_machine_arn, name, status, input, definition, start_date, output, error, cause, stop_date, redrive_count, redrive_date FROM executions";

    private static StateMachineRecord ReadStateMachine(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetString(6));

    private static ExecutionRecord ReadExecution(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)))
    {
        Output = r.IsDBNull(7) ? null : r.GetString(7),
        Error = r.IsDBNull(8) ? null : r.GetString(8),
        Cause = r.IsDBNull(9) ? null : r.GetString(9),
        StopDate = r.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
        RedriveCount = r.GetInt32(11),
        RedriveDate = r.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12)),
    };

    private Task Enqueue(PendingWrite write)
    {
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(write), this);
        return write.Done.Task;
    }

    private static T? First<T>(IReadOnlyList<T> rows)
        where T : class => rows.Count > 0 ? rows[0] : null;

    private async Task WriteLoopAsync()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        using var insertEvent = Command(connection,
            "INSERT OR IGNORE INTO events(execution_arn, id, previous_id, timestamp, type, details, op_key, meta) VALUES($e, $i, $p, $t, $y, $d, $o, $m)",
            "$e", "$i", "$p", "$t", "$y", "$d", "$o", "$m");
        using var upsertExecution = Command(connection,
            """
            INSERT INTO executions(arn, state_machine_arn, name, status, input, definition, start_date, output, error, cause, stop_date, redrive_count, redrive_date)
            VALUES($a, $m, $n, $s, $i, $d, $sd, $o, $e, $c, $st, $rc, $rd)
            ON CONFLICT(arn) DO UPDATE SET status = $s, output = $o, error = $e, cause = $c, stop_date = $st, redrive_count = $rc, redrive_date = $rd
            """,
            "$a", "$m", "$n", "$s", "$i", "$d", "$sd", "$o", "$e", "$c", "$st", "$rc", "$rd");
        using var upsertMachine = Command(connection,
            """
            INSERT INTO state_machines(arn, name, definition, role_arn, type, created, revision) VALUES($a, $n, $d, $r, $t, $c, $v)
            ON CONFLICT(arn) DO UPDATE SET definition = $d, role_arn = $r, revision = $v
            """,
            "$a", "$n", "$d", "$r", "$t", "$c", "$v");

        var batch = new List<PendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                using (var transaction = connection.BeginTransaction())
                {
                    foreach (var write in batch)
                    {
                        foreach (var e in write.Events ?? [])
                        {
                            Bind(insertEvent, transaction, write.ExecutionArn, e.Id, e.PreviousEventId, e.Timestamp.ToUnixTimeMilliseconds(), e.Type,
                                e.Details?.ToJsonString(), e.OpKey, e.Meta?.ToJsonString()).ExecuteNonQuery();
                        }

                        var command = write switch
                        {
                            { Events: not null } => null,
                            { Execution: { } x } => Bind(upsertExecution, transaction, x.Arn, x.StateMachineArn, x.Name, x.Status, x.Input, x.Definition,
                                x.StartDate.ToUnixTimeMilliseconds(), x.Output, x.Error, x.Cause, x.StopDate?.ToUnixTimeMilliseconds(), x.RedriveCount,
                                x.RedriveDate?.ToUnixTimeMilliseconds()),
                            { StateMachine: { } s } => Bind(upsertMachine, transaction, s.Arn, s.Name, s.Definition, s.RoleArn, s.Type,
                                s.CreationDate.ToUnixTimeMilliseconds(), s.RevisionId),
                            _ => throw new InvalidOperationException("Empty write."),
                        };
                        command?.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }

                foreach (var write in batch)
                {
                    write.Done.TrySetResult();
                }
            }
#pragma warning disable CA1031 // A failed commit is handed to every writer waiting on it; the loop keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var write in batch)
                {
                    write.Done.TrySetException(e);
                }
            }
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed SQL text; every value is a bound parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static SqliteCommand Bind(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var timeout = connection.CreateCommand();
        timeout.CommandText = "PRAGMA busy_timeout=5000;";
        timeout.ExecuteNonQuery();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed schema/pragma text.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, string? Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed SQL text; every value is a bound parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
        }

        var results = new List<T>();
        using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            results.Add(read(reader));
        }

        return results;
    }

    private sealed record PendingWrite(string? ExecutionArn, IReadOnlyList<HistoryEvent>? Events, StateMachineRecord? StateMachine, ExecutionRecord? Execution)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
