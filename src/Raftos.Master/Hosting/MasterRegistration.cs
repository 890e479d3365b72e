using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Raftos.Core.Commands;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Hosting;

/// <summary>
/// Keeps this master's record (id, Raft and HTTP addresses) in the replicated state, so
/// every master and client can map Raft members to ids and URLs. Runs until recorded, then
/// re-checks now and then (a restore or a removal may have dropped the record).
/// </summary>
internal sealed partial class MasterRegistration(RaftNode node, CommandSubmitter submitter, ILogger<MasterRegistration> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = node.Options;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = RetryInterval;
            try
            {
                if (IsRecorded())
                {
                    delay = RecheckInterval;
                }
                else if (node.IsVoter && node.Leader is not null)
                {
                    var result = await submitter.SubmitAsync(new RegisterMaster
                    {
                        RequestId = Guid.NewGuid().ToString("N"),
                        MasterId = options.NodeId,
                        RaftEndpoint = options.RaftAddress,
                        HttpUrl = options.HttpAddress,
                    }, stoppingToken).ConfigureAwait(false);
                    if (result.Applied)
                        LogRegistered(logger, options.NodeId, result.Index);
                    else
                        LogRejected(logger, options.NodeId, result.Rejection!.Detail);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRetry(logger, e.Message);
            }

            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool IsRecorded()
    {
        var options = node.Options;
        var record = node.StateMachine?.Read(s => s.Masters.Get(options.NodeId));
        return record is not null && record.RaftEndpoint == options.RaftAddress && record.HttpUrl == options.HttpAddress;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded master {MasterId} in the cluster state at index {Index}")]
    private static partial void LogRegistered(ILogger logger, string masterId, long index);

    [LoggerMessage(Level = LogLevel.Error, Message = "The cluster refused to record master {MasterId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string masterId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recording this master failed, will retry: {Reason}")]
    private static partial void LogRetry(ILogger logger, string reason);
}
