using Microsoft.Extensions.Hosting;
using Raftos.Dev;

namespace Raftos.Commands;

/// <summary>Stops a host when the process that launched it is gone (raftos dev may be SIGKILLed; its children should not linger).</summary>
internal static class ParentWatch
{
    public static async Task StopWhenGoneAsync(int pid, IHost host, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(1000, token).ConfigureAwait(false);
            if (!Signals.Send(pid, 0))
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }
    }
}
