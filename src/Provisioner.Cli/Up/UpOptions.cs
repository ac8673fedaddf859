namespace Provisioner.Cli.Up;

/// <summary>How <c>provisioner up</c> runs (its command-line options).</summary>
/// <param name="DataDir">Where the engine's history, the signing key, the clock and up.json live; null: a new temporary folder.</param>
/// <param name="Port">The API's port on 127.0.0.1; 0 picks a free one (the Step Functions API always takes a free one).</param>
/// <param name="TimeScale">Simulated seconds per real second while the workflows wait.</param>
/// <param name="VirtualTime">Jump over every wait instead (tests).</param>
/// <param name="OwnerQuota">Active environments per owner (the deployment's quota, <c>Quotas.ActiveEnvironments</c>); null: the default.</param>
public sealed record UpOptions(string? DataDir = null, int Port = 0, double TimeScale = 60, int Seed = 1, bool VirtualTime = false, int QuotaFactor = 1, int? OwnerQuota = null);
