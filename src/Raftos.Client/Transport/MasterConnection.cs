using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Raftos.Client.Transport;

/// <summary>
/// Sends API calls to the masters. A master that cannot be reached is left for the next; a
/// 421 naming the leader is followed at once; a 503 (no leader yet, an election) is retried
/// on the next master after a backoff. Every attempt of a call carries the call's request id.
/// Thread-safe.
/// </summary>
internal sealed class MasterConnection : IDisposable
{
    /// <summary>The header the masters read a write's request id from.</summary>
    public const string RequestIdHeader = "X-Raftos-Request-Id";

    // An error body that is not a problem document is quoted up to this many characters.
    private const int ErrorTextMax = 300;

    private readonly HttpClient http;
    private readonly RaftosClientOptions options;
    private readonly MasterList masters;

    public MasterConnection(RaftosClientOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AttemptsMax, 1, nameof(options));
        this.options = options;
        masters = new MasterList(options.Masters);
        http = handler is null
            ? new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.ConnectTimeout, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The master calls go to now.</summary>
    public Uri Current => masters.Current;

    /// <summary>After <paramref name="failed"/> failed outside a call (a watch's stream broke): the next master in turn.</summary>
    public void MoveOn(Uri failed) => masters.MoveOn(failed);

    /// <summary>Sends <paramref name="request"/>; its answer as <typeparamref name="T"/>, or a <see cref="RaftosApiException"/>.</summary>
    public async Task<T> CallAsync<T>(ApiRequest request, JsonTypeInfo<T> answer, CancellationToken token)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ErrorOfAsync(response, token).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(answer, token).ConfigureAwait(false)
                   ?? throw new JsonException("the answer is empty");
        }
        catch (JsonException e)
        {
            throw new RaftosApiException($"{request.Method} {request.PathAndQuery} answered with unexpected JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> until a master answers with something other than a
    /// retryable 421 or 503, or the attempts run out, and returns that answer whatever its
    /// status. Throws <see cref="RaftosApiException"/> when no master answered.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(ApiRequest request, HttpCompletionOption completion, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tried = new List<Uri>();
        var unansweredInRow = 0;
        var retries = 0;
        for (var attempt = 1; ; attempt++)
        {
            var master = masters.Current;
            if (!tried.Contains(master))
                tried.Add(master);
            var final = attempt >= options.AttemptsMax;
            var (response, failure) = await AttemptAsync(request, master, completion, token).ConfigureAwait(false);
            if (response is not null)
            {
                unansweredInRow = 0;
                if (final || !IsRetryable(request, response.StatusCode))
                    return response;
                using (response)
                {
                    var problem = await ReadProblemAsync(response, token).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.MisdirectedRequest && LeaderOf(problem, response) is { } leader && masters.Follow(leader))
                        continue;
                }

                masters.MoveOn(master);
            }
            else
            {
                if (failure!.MayHaveArrived && request.Retry != Retry.Always)
                {
                    // The caller decides whether to repeat it; either way its next call goes to another master.
                    masters.MoveOn(master);
                    throw new RaftosApiException($"{Shown(master)}: {failure.Reason}; the request may or may not have been carried out", failure.Cause);
                }
                masters.MoveOn(master);
                unansweredInRow++;

                // Two rounds with no master answering: the addresses are wrong or the cluster is down.
                if (final || unansweredInRow >= 2 * masters.Count)
                    throw new RaftosApiException($"no master reachable at {string.Join(", ", tried.Select(Shown))} ({failure.Reason})", failure.Cause);

                // Within a round, the next master is tried at once.
                if (unansweredInRow % masters.Count != 0)
                    continue;
            }

            await Task.Delay(Backoff.Delay(retries++, options.BackoffMin, options.BackoffMax), token).ConfigureAwait(false);
        }
    }

    private async Task<(HttpResponseMessage? Response, Failure? Failure)> AttemptAsync(ApiRequest request, Uri master, HttpCompletionOption completion, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(options.AttemptTimeout);
        using var message = request.ToMessage(master);
        try
        {
            return (await http.SendAsync(message, completion, deadline.Token).ConfigureAwait(false), null);
        }
        catch (HttpRequestException e)
        {
            var notSent = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
            return (null, new Failure(e.Message, !notSent, e));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // HttpClient lets this escape unwrapped when the connection is reset while it is set
            // up, before the request was written: nothing was sent.
            return (null, new Failure(e.Message, false, e));
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested)
        {
            // Either this attempt's deadline, or the connect timeout: then nothing was sent.
            return deadline.IsCancellationRequested
                ? (null, new Failure(string.Create(CultureInfo.InvariantCulture, $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s"), true, e))
                : (null, new Failure("connecting timed out", false, e));
        }
    }

    // A 421 was not carried out by the master that sent it; a 503 may have been, so only
    // calls safe to repeat are retried on it.
    private static bool IsRetryable(ApiRequest request, HttpStatusCode status)
        => status == HttpStatusCode.MisdirectedRequest || (status == HttpStatusCode.ServiceUnavailable && request.Retry == Retry.Always);

    private static Uri? LeaderOf(Problem problem, HttpResponseMessage response)
        => Uri.TryCreate(problem.Leader, UriKind.Absolute, out var leader) ? leader
            : response.Headers.Location is { IsAbsoluteUri: true } location ? location
            : null;

    /// <summary>The exception an error answer becomes.</summary>
    public static async Task<RaftosApiException> ErrorOfAsync(HttpResponseMessage response, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(response);
        var problem = await ReadProblemAsync(response, token).ConfigureAwait(false);
        return new RaftosApiException(response.StatusCode, problem.Title, problem.Detail, problem.Field, problem.CurrentRevision);
    }

    private static async Task<Problem> ReadProblemAsync(HttpResponseMessage response, CancellationToken token)
    {
        var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
        try
        {
            if (JsonSerializer.Deserialize(text, BodyJsonContext.Default.Problem) is { } problem)
                return problem;
        }
        catch (JsonException)
        {
            // Not a problem document, e.g. a proxy's error page: quoted below.
        }

        var trimmed = text.Trim();
        return new Problem(response.ReasonPhrase, trimmed.Length == 0 ? null : trimmed[..Math.Min(trimmed.Length, ErrorTextMax)], null, null, null);
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private static string Shown(Uri master) => master.ToString().TrimEnd('/');

    private sealed record Failure(string Reason, bool MayHaveArrived, Exception Cause);
}
