using Microsoft.Extensions.Configuration;

namespace Raftos.Commands;

/// <summary>Configuration with Raftos's precedence, lowest first: appsettings.json, --config, RAFTOS_* environment, flags.</summary>
public static class RaftosConfiguration
{
    /// <summary>Reads the layers; a missing --config file is an error.</summary>
    public static IConfigurationRoot Load(string? configFile, IEnumerable<KeyValuePair<string, string?>> flags)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true);
        if (configFile is not null)
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        return configuration
            .AddEnvironmentVariables("RAFTOS_")
            .AddInMemoryCollection(flags)
            .Build();
    }
}
