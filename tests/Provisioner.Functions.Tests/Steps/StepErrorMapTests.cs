using System.Net;
using Provisioner.Aws;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps;

public sealed class StepErrorMapTests
{
    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest, StepErrors.Throttled)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, StepErrors.Throttled)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable, StepErrors.Throttled)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable, StepErrors.Transient)]
    [InlineData("InternalFailure", HttpStatusCode.InternalServerError, StepErrors.Transient)]
    [InlineData("ValidationError", HttpStatusCode.BadRequest, StepErrors.Rejected)]
    [InlineData("UnauthorizedOperation", HttpStatusCode.Forbidden, StepErrors.Rejected)]
    [InlineData("LimitExceeded", HttpStatusCode.BadRequest, StepErrors.Rejected)]
    public void Map_AwsErrors_ByCodeAndStatus(string code, HttpStatusCode status, string expected)
    {
        var aws = new AwsServiceException("elasticloadbalancing", "CreateTargetGroup", code, "details", status, "req-1");

        var mapped = StepErrorMap.Map("CreateTargetGroup.Run", aws, TestContext.Current.CancellationToken)!;

        Assert.Equal(expected, mapped.ErrorName);
        Assert.Contains("CreateTargetGroup.Run", mapped.Message, StringComparison.Ordinal);
        Assert.Contains(code, mapped.Message, StringComparison.Ordinal);
        Assert.Contains("req-1", mapped.Message, StringComparison.Ordinal);
        Assert.Same(aws, mapped.InnerException);
    }

    [Fact]
    public void Map_TransportFailures_AreTransient()
    {
        Assert.Equal(StepErrors.Transient, StepErrorMap.Map("X.Run", new HttpRequestException("reset"), TestContext.Current.CancellationToken)!.ErrorName);
        Assert.Equal(StepErrors.Transient, StepErrorMap.Map("X.Run", new TaskCanceledException("timeout"), TestContext.Current.CancellationToken)!.ErrorName);
    }

    [Fact]
    public void Map_LeavesStepErrorsAndTheCallersCancellationAlone()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(StepErrorMap.Map("X.Run", new StepFailedException(StepErrors.ResourceFailed, "failed"), TestContext.Current.CancellationToken));
        Assert.Null(StepErrorMap.Map("X.Run", new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.Null(StepErrorMap.Map("X.Run", new InvalidOperationException("a bug"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Guard_TurnsAnAwsFailureIntoAStepFailure()
    {
        var guarded = StepErrorMap.Guard<int, int>("X.Run", (_, _) =>
            throw new AwsServiceException("ec2", "CreateImage", "RequestLimitExceeded", "slow down", HttpStatusCode.ServiceUnavailable, null));

        var error = await Assert.ThrowsAsync<StepFailedException>(() => guarded(1, TestContext.Current.CancellationToken));

        Assert.Equal(StepErrors.Throttled, error.ErrorName);
    }
}
