using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/app</c>: the application's port, health check and log file.</summary>
internal static class AppSection
{
    public static AppSpec Read(JsonObjectView doc) => doc.Section("app", ReadApp, new AppSpec());

    private static AppSpec ReadApp(JsonObjectView app)
    {
        var defaults = new AppSpec();
        app.Int("port", defaults.Port, 1, 65535, "", out var port);
        var healthCheck = app.Section("healthCheck", check => ReadHealthCheck(check, defaults.HealthCheck), defaults.HealthCheck);
        app.String("logFile", out var logFile);
        if (logFile is not null && !AwsIdentifiers.LogFilePath().IsMatch(logFile))
        {
            app.Error("logFile", logFile, "must be an absolute path of at most 255 letters, digits and . _ - / * characters");
        }
        return new AppSpec { Port = port, HealthCheck = healthCheck, LogFile = logFile ?? defaults.LogFile };
    }

    private static HealthCheckSpec ReadHealthCheck(JsonObjectView check, HealthCheckSpec defaults)
    {
        check.String("path", out var path);
        if (path is not null && (!path.StartsWith('/') || path.Length > 1024 || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            check.Error("path", path, "must start with '/' and be at most 1024 characters without spaces");
        }
        var intervalOk = check.Int("intervalSeconds", defaults.IntervalSeconds, 5, 300, "seconds", out var interval);
        var timeoutOk = check.Int("timeoutSeconds", defaults.TimeoutSeconds, 2, 120, "seconds", out var timeout);
        if (intervalOk && timeoutOk && timeout >= interval)
        {
            check.Error("timeoutSeconds", timeout, $"must be less than intervalSeconds ({interval})");
        }
        check.Int("healthyThreshold", defaults.HealthyThreshold, 2, 10, "checks", out var healthy);
        check.Int("unhealthyThreshold", defaults.UnhealthyThreshold, 2, 10, "checks", out var unhealthy);
        return new HealthCheckSpec
        {
            Path = path ?? defaults.Path,
            IntervalSeconds = interval,
            TimeoutSeconds = timeout,
            HealthyThreshold = healthy,
            UnhealthyThreshold = unhealthy,
        };
    }
}
