using Provisioner.Functions;
using Provisioner.Functions.Runtime;

using var shutdown = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    context =>
    {
        context.Cancel = true;
        shutdown.Cancel();
    });

return await LambdaEntryPoint.RunAsync(
    Environment.GetEnvironmentVariable,
    FunctionCatalog.Create,
    TimeProvider.System,
    Console.Error,
    shutdown.Token).ConfigureAwait(false);
