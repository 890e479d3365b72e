using System.Net;
using System.Runtime.CompilerServices;
using Raftos.Client.Transport;

namespace Raftos.Client;

/// <summary>Watches: the event stream of <c>GET /v1/events</c>, followed across masters.</summary>
public sealed partial class RaftosClient
{
    // The masters send a keep-alive every 15 s: three missed mean the master is gone.
    private static readonly TimeSpan EventSilenceMax = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The events of every log entry after <paramref name="fromIndex"/>, as they are applied, until
    /// <paramref name="token"/> is cancelled. When the master streaming them fails or goes silent,
    /// the watch moves to another and resumes after the last event it passed on: across a leader
    /// change, no event is missed or repeated. When the master cannot go back that far, a
    /// <see cref="RaftosEvent.IsReset"/> event says so (list again, then carry on). Only events of
    /// <paramref name="topics"/> (agent, job, task, kv, master) when given. Bad arguments are a
    /// 400 <see cref="RaftosApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<RaftosEvent> WatchEventsAsync(long fromIndex, IReadOnlyCollection<string>? topics = null, [EnumeratorCancellation] CancellationToken token = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        var topic = topics is { Count: > 0 } ? string.Join(',', topics) : null;
        var cursor = new EventCursor(fromIndex);
        var failures = 0;
        while (true)
        {
            var request = new ApiRequest(HttpMethod.Get, ApiPaths.Query("/v1/events", ("index", cursor.Resume()), ("topic", topic)), Retry.Always);
            using var response = await OpenStreamAsync(request, failures, token).ConfigureAwait(false);
            if (response is null)
            {
                failures++;
                continue;
            }

            var master = response.RequestMessage?.RequestUri ?? connection.Current;
            var events = ReadEventsAsync(response, token).GetAsyncEnumerator(token);
            try
            {
                while (await NextAsync(events).ConfigureAwait(false) is { } item)
                {
                    failures = 0;
                    if (item.IsReset)
                        cursor.Restart(item.Index);
                    else if (!cursor.Accept(item.Index))
                        continue;
                    yield return item;
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            // The stream ended or broke: another master carries on.
            connection.MoveOn(new Uri(master.GetLeftPart(UriPartial.Authority)));
            failures++;
        }
    }

    // Null once the stream failed (not the caller's cancellation): the caller resumes elsewhere.
    private static async Task<RaftosEvent?> NextAsync(IAsyncEnumerator<RaftosEvent> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false) ? events.Current : null;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<RaftosEvent> ReadEventsAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken token)
    {
        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await foreach (var item in EventStreamReader.ReadAsync(stream, EventSilenceMax, token).ConfigureAwait(false))
            yield return item;
    }

    // A master's answer with the stream open; null after a failure worth retrying (after a
    // backoff); a client error (400) is thrown.
    private async Task<HttpResponseMessage?> OpenStreamAsync(ApiRequest request, int failures, CancellationToken token)
    {
        if (failures > 0)
            await Task.Delay(Backoff.Delay(failures - 1, options.BackoffMin, options.BackoffMax), token).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await connection.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (RaftosApiException e) when (e.IsUnreachable)
        {
            return null;
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.MisdirectedRequest)
                throw await MasterConnection.ErrorOfAsync(response, token).ConfigureAwait(false);
            return null;
        }
    }
}
