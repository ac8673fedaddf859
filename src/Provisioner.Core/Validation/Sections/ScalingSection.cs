using Provisioner.Core.Spec;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/scaling</c>: the Auto Scaling group's size, CPU target and timings, capped by the deployment.</summary>
internal static class ScalingSection
{
    public static ScalingSpec Read(JsonObjectView doc, int maxInstancesCap) =>
        doc.Section("scaling", scaling => ReadScaling(scaling, maxInstancesCap), new ScalingSpec());

    private static ScalingSpec ReadScaling(JsonObjectView scaling, int cap)
    {
        var defaults = new ScalingSpec();
        var capNote = $"instances (this deployment's cap is {cap})";
        var minOk = scaling.Int("min", defaults.Min, 0, cap, capNote, out var min);
        var maxOk = scaling.Int("max", Math.Min(defaults.Max, cap), 1, cap, capNote, out var max);
        var desiredOk = scaling.Int("desired", defaults.Desired, 0, cap, capNote, out var desired);
        if (minOk && maxOk && min > max)
        {
            scaling.Error("min", min, $"must be at most max ({max})");
        }
        else if (minOk && maxOk && desiredOk && (desired < min || desired > max))
        {
            scaling.Error("desired", desired, $"must be between min ({min}) and max ({max})");
        }
        scaling.Int("targetCpuPercent", defaults.TargetCpuPercent, 1, 100, "percent", out var cpu);
        scaling.Int("warmupSeconds", defaults.WarmupSeconds, 0, 3600, "seconds", out var warmup);
        scaling.Int("healthCheckGraceSeconds", defaults.HealthCheckGraceSeconds, 0, 7200, "seconds", out var grace);
        return new ScalingSpec
        {
            Min = min,
            Max = max,
            Desired = desired,
            TargetCpuPercent = cpu,
            WarmupSeconds = warmup,
            HealthCheckGraceSeconds = grace,
        };
    }
}
