namespace Provisioner.Functions.Steps;

/// <summary>
/// The input of every Undo: whatever spec the teardown was given, of which an Undo reads only the environment
/// id and the generation. Everything is found by the environment's tags and deterministic names, never by
/// values of the spec, so <c>{"environmentId": "x"}</c> alone tears an environment down, and a spec whose
/// network or source changed since the provision leaks nothing.
/// </summary>
/// <param name="StartedAt">
/// The teardown's start (its <c>$$.Execution.StartTime</c>): no Run of the environment starts after it, but one started
/// before it (a stopped provision's) may run on until its Lambda timeout; an Undo is not done before that has passed
/// (<see cref="InFlightRuns"/>). Null: an Undo called by hand, nothing to wait for.
/// </param>
public sealed record UndoInput(UndoTarget Spec, DateTimeOffset? StartedAt = null);

/// <param name="EnvironmentId">The environment to remove.</param>
/// <param name="Generation">A rollback's generation (only its resources are removed); null: every generation (a teardown).</param>
/// <param name="LoadBalancer">
/// Read only to protect: a certificate the spec names is the user's and never deleted, even if it carries our tags.
/// </param>
public sealed record UndoTarget(string EnvironmentId, int? Generation = null, UndoLoadBalancer? LoadBalancer = null);

/// <summary>The part of a spec's <c>loadBalancer</c> an Undo reads (to leave the user's certificate alone).</summary>
public sealed record UndoLoadBalancer(UndoHttps? Https = null);

/// <summary>The part of a spec's <c>loadBalancer.https</c> an Undo reads.</summary>
public sealed record UndoHttps(string? CertificateArn = null);
