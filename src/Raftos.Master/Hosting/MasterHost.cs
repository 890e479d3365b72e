using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Raftos.Master.Api;
using Raftos.Master.Metrics;
using Raftos.Master.Raft;
using Raftos.Master.Ui;
using Raftos.Master.Writes;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Raftos.Master.Hosting;

/// <summary>
/// Builds a master: configuration (defaults, JSON file, RAFTOS_ environment, flags), Serilog
/// with node id and term on every line, the Raft node, the write path and the HTTP API.
/// </summary>
public static class MasterHost
{
    /// <summary>Configuration section of <see cref="MasterOptions"/>.</summary>
    public const string Section = "Master";

    // Connections waiting to be accepted; the kernel caps it at net.core.somaxconn.
    private const int ListenBacklog = 4096;

    /// <summary>Builds the master application; run it with <c>RunAsync</c>.</summary>
    public static WebApplication Build(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(Section).Get<MasterOptions>() ?? new MasterOptions();
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<IOptions<MasterOptions>>(Options.Create(options));

        RaftNode? nodeForLogs = null;
        builder.Services.AddSerilog((services, logs) => WriteToConsole(logs
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("DotNext", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.WithProperty("NodeId", options.NodeId)
            .Enrich.With(new TermEnricher(() => nodeForLogs ??= services.GetService<RaftNode>())),
            options.LogFormat));

        builder.WebHost.UseUrls(options.HttpAddress);

        // Thousands of agents connect at once (at start, and all of them again after a leader
        // change): with the default accept backlog of 512 the kernel drops their SYNs, and
        // each dropped one costs its agent a second before the retry.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = ListenBacklog);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Routes check their own limits; the internal forwarding route takes batches.
            kestrel.Limits.MaxRequestBodySize = options.RequestBodyBytesMax * 8;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
            ApiJson.Configure(json.SerializerOptions);
        });

        builder.Services.AddSingleton<RaftNode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RaftNode>());
        builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 64,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        })
        { Timeout = Timeout.InfiniteTimeSpan });
        builder.Services.AddSingleton<LeaderDirectory>();
        builder.Services.AddSingleton<CommandSubmitter>();
        builder.Services.AddSingleton<ReadGate>();
        builder.Services.AddSingleton<LeaderProxy>();
        builder.Services.AddSingleton<MembershipChanges>();
        builder.Services.AddHostedService<MasterRegistration>();
        builder.Services.AddSingleton<Leadership.AgentLiveness>();
        builder.Services.AddHostedService<Leadership.LeaderLoops>();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseMetricsEndpoint();
        app.Use(ErrorsAndIndex);
        app.MapHealth();
        app.MapCluster();
        app.MapKeyValues();
        app.MapInternal();
        app.MapAgentProtocol();
        app.MapAgents();
        app.MapJobs();
        app.MapTaskLogs();
        app.MapRoles();
        app.MapSnapshots();
        app.MapEvents();
        app.MapDashboard();
        return app;
    }

    // Text as people read it (coloured on a terminal), or compact JSON, one event a line, for log shippers.
    private static LoggerConfiguration WriteToConsole(LoggerConfiguration logs, string format) => format == Core.LogFormat.Json
        ? logs.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
        : logs.WriteTo.Console(
            outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} [{NodeId} t{Term}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
            standardErrorFromLevel: LogEventLevel.Verbose);

    // Turns failures that escape a handler into problem+json, and stamps X-Raftos-Index on
    // answers that did not set it themselves.
    private static async Task ErrorsAndIndex(HttpContext context, RequestDelegate next)
    {
        var node = context.RequestServices.GetRequiredService<RaftNode>();
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(ReadGate.IndexHeader))
                context.Response.Headers[ReadGate.IndexHeader] = node.AppliedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        IResult? problem;
        try
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            problem = Problems.TooLarge(node.Options.RequestBodyBytesMax);
        }
        catch (BadHttpRequestException e)
        {
            problem = Results.Problem(detail: e.Message, statusCode: e.StatusCode, title: "Bad request");
        }
        catch (WriteUnavailableException e)
        {
            problem = Problems.Unavailable(e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (!context.Response.HasStarted)
            await problem.ExecuteAsync(context).ConfigureAwait(false);
    }
}
