using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Raftos.Core.Protocol;

namespace Raftos.Agent.Masters;

/// <summary>
/// Talks to the masters: any of them for reads and writes (followers forward writes), the
/// leader for heartbeats. Follows a 421's leader hint at once; on a connection failure moves
/// on to the next master. Thread-safe.
/// </summary>
public sealed partial class MasterClient(IReadOnlyList<Uri> masters, HttpClient http, ILogger<MasterClient> logger)
{
    /// <summary>JSON settings of the agent protocol.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();
    private int current;
    private Uri? leader;

    /// <summary>The master requests go to first.</summary>
    public Uri Preferred
    {
        get
        {
            lock (gate)
                return leader ?? masters[current];
        }
    }

    /// <summary>
    /// Sends one request, trying the known leader and then each master in turn, at most two
    /// rounds. Throws <see cref="HttpRequestException"/> when no master answered. Every attempt
    /// carries <paramref name="requestId"/>, if given, so a write is applied once however often it is tried.
    /// </summary>
    public async Task<MasterReply> SendAsync(HttpMethod method, string pathAndQuery, object? body, TimeSpan timeout, CancellationToken token, string? requestId = null)
    {
        HttpRequestException? last = null;
        for (var attempt = 0; attempt < masters.Count * 2 + 1; attempt++)
        {
            var target = Preferred;
            using var request = new HttpRequestMessage(method, new Uri(target, pathAndQuery));
            if (requestId is not null)
                request.Headers.Add(Core.Protocol.AgentProtocol.RequestIdHeader, requestId);
            if (body is not null)
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
            deadline.CancelAfter(timeout);
            try
            {
                using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
                var reply = new MasterReply(response.StatusCode, bytes);
                if (response.StatusCode == HttpStatusCode.MisdirectedRequest)
                {
                    FollowLeaderHint(target, reply);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    last = new HttpRequestException($"{target} is unavailable: {reply.Detail}");
                    MoveOn(target);
                    continue;
                }

                return reply;
            }
            // A SocketException can escape HttpClient unwrapped when a connection is reset while it
            // is being set up; it is a failed attempt like any other, not a reason to stop the agent.
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException || (e is OperationCanceledException && !token.IsCancellationRequested))
            {
                last = e as HttpRequestException ?? new HttpRequestException($"{target} did not answer within {timeout.TotalSeconds:0.#} s", e);
                MoveOn(target);
            }
        }

        throw last ?? new HttpRequestException("no master answered");
    }

    private void FollowLeaderHint(Uri from, MasterReply reply)
    {
        Uri? hinted = null;
        try
        {
            using var document = JsonDocument.Parse(reply.Body);
            if (document.RootElement.TryGetProperty(AgentProtocol.LeaderExtension, out var value) && value.ValueKind == JsonValueKind.String)
                Uri.TryCreate(value.GetString(), UriKind.Absolute, out hinted);
        }
        catch (JsonException)
        {
        }

        lock (gate)
        {
            if (hinted is not null && hinted != from)
            {
                leader = hinted;
                LogLeader(logger, hinted);
            }
            else
            {
                leader = null;
                current = (current + 1) % masters.Count;
            }
        }
    }

    private void MoveOn(Uri failed)
    {
        lock (gate)
        {
            if (leader == failed)
                leader = null;
            else if (masters[current] == failed)
                current = (current + 1) % masters.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Following the leader at {Leader}")]
    private static partial void LogLeader(ILogger logger, Uri leader);
}
