using Raftos.Client.Transport;

namespace Raftos.Client.Tests;

/// <summary>The delays between retries.</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(3, 800)]
    [InlineData(5, 2000)]
    [InlineData(40, 2000)]
    public void A_delay_doubles_with_each_retry_up_to_the_cap_and_keeps_at_least_half_of_it(int retry, double ceilingMs)
    {
        for (var i = 0; i < 100; i++)
        {
            var delay = Backoff.Delay(retry, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)).TotalMilliseconds;
            Assert.InRange(delay, ceilingMs / 2, ceilingMs);
        }
    }
}
