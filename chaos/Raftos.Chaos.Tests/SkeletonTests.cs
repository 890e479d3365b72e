namespace Raftos.Chaos.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void The_suite_builds() => Assert.Equal(0, Program.Main());
}
