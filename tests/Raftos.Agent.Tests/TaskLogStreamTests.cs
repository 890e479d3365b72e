using System.Text;
using Raftos.Agent.Logs;
using Raftos.Core.Protocol;

namespace Raftos.Agent.Tests;

/// <summary>Reading a task's output file: the last lines, offsets and the query string that asks for them.</summary>
public sealed class TaskLogStreamTests : IDisposable
{
    private readonly string path = Path.Combine(Directory.CreateTempSubdirectory("raftos-log-").FullName, "stdout");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_last_lines_start_where_a_naive_split_says_for_random_files(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            // Lines of 0 to 100 KB, so line starts fall on both sides of the 64 KB read blocks.
            var text = new StringBuilder();
            var lineCount = random.Next(0, 8);
            for (var i = 0; i < lineCount; i++)
                text.Append('x', random.Next(0, random.Next(2) == 0 ? 10 : 100_000)).Append('\n');
            if (random.Next(2) == 0)
                text.Append("no newline");
            File.WriteAllText(path, text.ToString());
            var content = text.ToString();

            for (var lines = 0; lines <= lineCount + 2; lines++)
            {
                using var file = File.OpenRead(path);
                Assert.Equal(NaiveStartOfLastLines(content, lines), TaskLogStream.StartOfLastLines(file, lines));
            }
        }
    }

    [Fact]
    public async Task A_copy_starts_at_the_offset_and_ends_at_the_end_of_the_file_when_not_following()
    {
        await File.WriteAllTextAsync(path, "one\ntwo\nthree\n");
        await using var file = await TaskLogStream.OpenAsync(path, () => false, CancellationToken.None);
        using var output = new MemoryStream();

        var request = TaskLogRequest.Parse("stdout", "4", null, null).Request!;
        await TaskLogStream.CopyAsync(file!, TaskLogStream.StartOf(file!, request), request.Follow, () => true, output, CancellationToken.None);

        Assert.Equal("two\nthree\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Null(await TaskLogStream.OpenAsync(path + ".missing", () => false, CancellationToken.None));
    }

    [Theory]
    [InlineData("stdin", null, null, null, "type")]
    [InlineData(null, "-1", null, null, "offset")]
    [InlineData(null, "abc", null, null, "offset")]
    [InlineData(null, null, "1000001", null, "tail")]
    [InlineData(null, null, "-2", null, "tail")]
    [InlineData(null, null, null, "maybe", "follow")]
    public void Bad_parameters_name_the_field(string? type, string? offset, string? tail, string? follow, string field)
    {
        var (request, badField, error) = TaskLogRequest.Parse(type, offset, tail, follow);

        Assert.Null(request);
        Assert.Equal(field, badField);
        Assert.StartsWith(field + " is ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stderr", "12", null, "true", "?type=stderr&offset=12&follow=true")]
    [InlineData(null, null, "5", "", "?type=stdout&tail=5&follow=true")]
    [InlineData(null, null, null, "false", "?type=stdout&offset=0")]
    public void A_request_reads_back_from_its_query_string(string? type, string? offset, string? tail, string? follow, string query)
    {
        var request = TaskLogRequest.Parse(type, offset, tail, follow).Request!;

        Assert.Equal(query, request.ToQuery());
        var parameters = System.Web.HttpUtility.ParseQueryString(query);
        Assert.Equal(request, TaskLogRequest.Parse(parameters["type"], parameters["offset"], parameters["tail"], parameters["follow"]).Request);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

    private static long NaiveStartOfLastLines(string content, int lines)
    {
        var all = content.Split('\n').ToList();
        if (all[^1].Length == 0)
            all.RemoveAt(all.Count - 1);
        var skipped = all.Take(Math.Max(0, all.Count - lines));
        return lines == 0 ? content.Length : skipped.Sum(l => l.Length + 1L);
    }
}
