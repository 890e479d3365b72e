using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raftos.Agent.Logs;
using Raftos.Agent.Masters;
using Raftos.Agent.Tasks;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Raftos.Agent;

/// <summary>
/// Builds an agent: configuration, Serilog with the agent id on every line, the master client,
/// the task runner, the agent loops and the HTTP endpoint that serves task output.
/// </summary>
public static class AgentHost
{
    /// <summary>Configuration section of <see cref="AgentOptions"/>.</summary>
    public const string Section = "Agent";

    /// <summary>Builds the agent host; run it with <c>RunAsync</c>. Resolves the agent id from the data directory.</summary>
    public static IHost Build(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(Section).Get<AgentOptions>() ?? new AgentOptions();
        options.Validate();
        options.DataDir = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(options.DataDir);
        options.Id = AgentIdentity.LoadOrCreate(options.DataDir, options.Id);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Http);
        builder.Services.AddSerilog(logs => WriteToConsole(logs
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.WithProperty("AgentId", options.Id),
            options.LogFormat));

        builder.Services.AddSingleton(options);
        var address = new AgentAddress();
        builder.Services.AddSingleton(address);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        { Timeout = Timeout.InfiniteTimeSpan });
        builder.Services.AddSingleton(sp => new MasterClient(
            [.. options.Masters.Select(m => new Uri(m.TrimEnd('/') + "/"))],
            sp.GetRequiredService<HttpClient>(),
            sp.GetRequiredService<ILogger<MasterClient>>()));
        builder.Services.AddSingleton(sp => new TaskRunner(
            new TaskRunnerOptions { DataDir = options.DataDir, AgentId = options.Id, StopGrace = options.StopGrace },
            sp.GetRequiredService<ILogger<TaskRunner>>()));
        builder.Services.AddHostedService<AgentService>();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapTaskLogs();
        app.Lifetime.ApplicationStarted.Register(() => address.Settle(options.Address, app.Urls));
        return app;
    }

    // Text as people read it (coloured on a terminal), or compact JSON, one event a line, for log shippers.
    private static LoggerConfiguration WriteToConsole(LoggerConfiguration logs, string format) => format == Core.LogFormat.Json
        ? logs.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
        : logs.WriteTo.Console(
            outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} [{AgentId}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose);
}
