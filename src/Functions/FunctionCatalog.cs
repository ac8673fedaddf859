using Amazon.Runtime;
using Provisioner.Aws;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions;

/// <summary>
/// Every handler the bootstrap can run, built from the function's environment. The local engine's
/// in-process invoker uses the same handlers (<see cref="StepCatalog"/>), so a step runs the same code
/// locally and on Lambda.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The table for a Lambda function: AWS clients and step settings from its environment variables.</summary>
    /// <exception cref="InvalidOperationException">The environment has no region or a malformed endpoint variable.</exception>
    public static HandlerTable Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // One set of clients for the life of the execution environment, reused by every invocation.
        var clients = new AwsClients(AwsSettings.FromEnvironment(environment) with { Credentials = EnvironmentCredentials(environment) });
        return new HandlerTable([
            .. StepCatalog.Handlers(Dependencies(clients, StepSettings.FromEnvironment(environment), TimeProvider.System)),
            // The service (issue 10): the HTTP API and the status-change handler, configured on first use.
            .. Api.Lambda.ServiceFunctions.Handlers(environment, clients, TimeProvider.System),
            // The log-export worker (issue 12): the queue, the account's export slot and the checkpoints.
            .. Export.LogExportFunctions.Handlers(environment, clients.DynamoDb, clients.CloudWatchLogs, TimeProvider.System),
            // Office hours (issue 12): the sleep, wake and wake-check schedule handlers.
            .. Schedules.OfficeHoursFunctions.Handlers(environment, clients, TimeProvider.System),
        ]);
    }

    /// <summary>
    /// The credentials Lambda puts in the function's environment (the execution role's session); null leaves
    /// them to the AWS SDK's chain.
    /// </summary>
    public static AWSCredentials? EnvironmentCredentials(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var key = environment("AWS_ACCESS_KEY_ID");
        var secret = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return null;
        }
        return environment("AWS_SESSION_TOKEN") is { Length: > 0 } token
            ? new SessionAWSCredentials(key, secret, token)
            : new BasicAWSCredentials(key, secret);
    }

    /// <summary>The steps' dependencies from one set of clients.</summary>
    public static StepDependencies Dependencies(AwsClients clients, StepSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return new StepDependencies
        {
            Ec2 = clients.Ec2,
            ElbV2 = clients.ElbV2,
            AutoScaling = clients.AutoScaling,
            CloudWatch = clients.CloudWatch,
            CloudWatchLogs = clients.CloudWatchLogs,
            Acm = clients.Acm,
            Sns = clients.Sns,
            Scheduler = clients.Scheduler,
            Time = time,
            Settings = settings,
        };
    }
}
