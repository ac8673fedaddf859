using System.Text;

using Provisioner.StateMachine.Errors;

namespace Provisioner.StateMachine.Payload;

/// <summary>AWS's 256 KB limit on any state input, output, task result or execution input.</summary>
internal static class PayloadLimits
{
    public const int MaxPayloadBytes = 256 * 1024;

    public static void Check(string json, string what)
    {
        // Cheap bound first: UTF-8 never needs more than 3 bytes per UTF-16 char.
        if (json.Length * 3 <= MaxPayloadBytes)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxPayloadBytes)
        {
            throw new StatesFailureException(StatesErrorNames.DataLimitExceeded,
                $"The {what} has a size of {bytes} bytes, which exceeds the maximum of {MaxPayloadBytes} bytes.");
        }
    }
}
