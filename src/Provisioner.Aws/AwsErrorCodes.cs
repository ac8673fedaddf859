namespace Provisioner.Aws;

/// <summary>
/// Error codes the project reacts to, and the classification shared by the retry policy and the steps.
/// Codes are AWS's, verbatim; the lists cover every service this project calls.
/// </summary>
public static class AwsErrorCodes
{
    /// <summary>Throttling codes across Query, JSON and EC2 services (botocore's list plus the service-specific ones).</summary>
    public static readonly IReadOnlySet<string> Throttling = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException.Throttling",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>
    /// "The thing you named is not there". Auto Scaling has no such code: it answers <c>ValidationError</c>
    /// with a message such as "AutoScalingGroup name not found", which <see cref="IsNotFound"/> also recognises.
    /// </summary>
    public static readonly IReadOnlySet<string> NotFound = new HashSet<string>(StringComparer.Ordinal)
    {
        // ELBv2
        "TargetGroupNotFound",
        "LoadBalancerNotFound",
        "ListenerNotFound",
        "RuleNotFound",
        // CloudWatch / Logs / ACM / Scheduler
        "ResourceNotFound",
        "ResourceNotFoundException",
        // SNS
        "NotFound",
        "NotFoundException",
        // Step Functions
        "ExecutionDoesNotExist",
        "StateMachineDoesNotExist",
        // EC2
        "InvalidAMIID.NotFound",
        "InvalidSnapshot.NotFound",
        "InvalidGroup.NotFound",
        "InvalidInstanceID.NotFound",
        "InvalidLaunchTemplateName.NotFoundException",
        "InvalidLaunchTemplateId.NotFound",
        "InvalidLaunchTemplateId.NotFoundException",
        "InvalidSubnetID.NotFound",
        "InvalidVpcID.NotFound",
    };

    public static bool IsThrottling(string? code) => code is not null && Throttling.Contains(code);

    public static bool IsNotFound(string? code, string? message)
    {
        if (code is null)
        {
            return false;
        }
        if (NotFound.Contains(code))
        {
            return true;
        }
        // Auto Scaling: "AutoScalingGroup name not found - ..." / "Scaling policy not found" come as ValidationError.
        return code == "ValidationError" && message is not null && message.Contains("not found", StringComparison.OrdinalIgnoreCase);
    }

    // --- Duplicates: "what you asked to create already exists" (the create-or-adopt race in the steps' resource layer).
    public const string DuplicateSecurityGroup = "InvalidGroup.Duplicate";
    public const string DuplicatePermission = "InvalidPermission.Duplicate";
    public const string DuplicateImageName = "InvalidAMIName.Duplicate";

    /// <summary>An AMI that was deregistered (it stays visible for a while): for an Undo, already done.</summary>
    public const string ImageUnavailable = "InvalidAMIID.Unavailable";
    public const string DuplicateLaunchTemplateName = "InvalidLaunchTemplateName.AlreadyExistsException";
    public const string DuplicateTargetGroupName = "DuplicateTargetGroupName";
    public const string DuplicateLoadBalancerName = "DuplicateLoadBalancerName";
    public const string DuplicateListener = "DuplicateListener";

    /// <summary>CreateRule at a priority the listener already has a rule at.</summary>
    public const string PriorityInUse = "PriorityInUse";

    public const string AutoScalingAlreadyExists = "AlreadyExists";
    public const string LogGroupAlreadyExists = "ResourceAlreadyExistsException";
    public const string SchedulerConflict = "ConflictException";
}
