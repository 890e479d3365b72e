using System.Net;
using System.Text;

namespace Raftos.Client.Tests;

/// <summary>Reading a task's output: a followed stream that breaks is asked for again from the byte where it stopped.</summary>
public sealed class TaskLogTests
{
    [Fact]
    public async Task A_followed_stream_that_breaks_resumes_at_the_next_byte_without_gap_or_duplicate()
    {
        var masters = new ScriptedMasters(request => request.RequestUri!.Query.Contains("tail=2", StringComparison.Ordinal)
            ? Output(100, "line 9\nline ", breaks: true)
            : Output(112, "10\nline 11\n", breaks: false));
        using var client = ScriptedMasters.ClientOf(masters, "a", "b");
        using var destination = new MemoryStream();

        var copied = await client.Tasks.CopyLogsAsync("web.0.1", destination, new TaskLogOptions { Tail = 2, Follow = true });

        Assert.Equal("line 9\nline 10\nline 11\n", Encoding.UTF8.GetString(destination.ToArray()));
        Assert.Equal(destination.Length, copied);
        Assert.Equal(
            ["/v1/tasks/web.0.1/logs?type=stdout&tail=2&follow=true", "/v1/tasks/web.0.1/logs?type=stdout&offset=112&follow=true"],
            masters.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_stream_that_breaks_when_not_following_is_an_error_naming_what_was_copied()
    {
        var masters = new ScriptedMasters(_ => Output(0, "partial", breaks: true));
        using var client = ScriptedMasters.ClientOf(masters, "a");
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Tasks.CopyLogsAsync("web.0.1", destination, new TaskLogOptions { Output = TaskOutput.Stderr }));

        Assert.StartsWith("the output of task 'web.0.1' broke off after 7 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("/v1/tasks/web.0.1/logs?type=stderr&offset=0", Assert.Single(masters.Requests).Path);
    }

    [Fact]
    public async Task A_stream_that_keeps_breaking_without_progress_gives_up()
    {
        var masters = new ScriptedMasters(_ => Output(0, string.Empty, breaks: true));
        using var client = ScriptedMasters.ClientOf(masters, "a");
        using var destination = new MemoryStream();

        await Assert.ThrowsAsync<RaftosApiException>(() => client.Tasks.CopyLogsAsync("web.0.1", destination, new TaskLogOptions { Follow = true }));

        Assert.Equal(6, masters.Requests.Count);
    }

    [Fact]
    public async Task An_agent_that_cannot_be_reached_is_an_error_with_the_masters_reason()
    {
        var masters = new ScriptedMasters(_ => ScriptedMasters.Problem(HttpStatusCode.BadGateway,
            """{"title":"Agent unreachable","status":502,"detail":"agent a1 at http://10.0.0.1:8200 could not be reached: Connection refused"}"""));
        using var client = ScriptedMasters.ClientOf(masters, "a");

        var error = await Assert.ThrowsAsync<RaftosApiException>(() => client.Tasks.CopyLogsAsync("web.0.1", Stream.Null));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    // An answer whose body starts at byte `offset` of the file and, if `breaks`, fails after `text`.
    private static HttpResponseMessage Output(long offset, string text, bool breaks)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(text), breaks)) };
        response.Headers.Add("X-Raftos-Log-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    private sealed class BreakingStream(byte[] bytes, bool breaks) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position == bytes.Length)
                return breaks ? throw new IOException("connection reset by peer") : 0;
            var read = Math.Min(count, bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, read);
            position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
