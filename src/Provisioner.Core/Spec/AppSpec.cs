namespace Provisioner.Core.Spec;

public sealed record AppSpec
{
    /// <summary>The port the application listens on inside each instance (the lab's Flask app: 5000).</summary>
    public int Port { get; init; } = 5000;

    public HealthCheckSpec HealthCheck { get; init; } = new();

    /// <summary>The application's log file, shipped to the environment's log group by the CloudWatch agent.</summary>
    public string LogFile { get; init; } = "/var/log/app/app.log";
}
