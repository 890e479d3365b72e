using Raftos.Agent.Resources;

namespace Raftos.Agent.Tests;

public sealed class MachineResourcesTests
{
    [Fact]
    public void The_machine_offers_its_processors_memory_and_the_disk_holding_the_data_directory()
    {
        var dataDir = Path.GetTempPath();

        var total = MachineResources.Detect(dataDir);

        Assert.Equal(Environment.ProcessorCount * 1000, total.CpuMillis);
        Assert.True(total.MemoryMb > 0);
        Assert.Equal(new DriveInfo(dataDir).TotalSize / (1024 * 1024), total.DiskMb);
        Assert.True(total.DiskMb > 0);
    }

    [Fact]
    public void Machine_usage_is_within_what_the_machine_has()
    {
        var usage = new MachineUsage();
        var total = MachineResources.Detect(Path.GetTempPath());
        var busyUntil = DateTime.UtcNow.AddMilliseconds(100);
        while (DateTime.UtcNow < busyUntil)
        {
        }

        var used = usage.Sample();

        Assert.InRange(used.CpuMillis, 1, total.CpuMillis);
        Assert.InRange(used.MemoryMb, 1, total.MemoryMb);
    }
}
