namespace Raftos.EndToEnd.Tests;

/// <summary>Polls a condition until it holds or a deadline passes; the replacement for sleeps.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                last = e;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s{(last is null ? "" : $"; last error: {last.Message}")}");
    }

    public static Task HoldsAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
        => GetAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
