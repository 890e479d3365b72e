using System.Globalization;
using System.Text.Json;

namespace Raftos.Agent.Tasks;

/// <summary>
/// One task's directory, <c>{dataDir}/tasks/{taskId}/</c>: its working directory and
/// <c>stdout</c>, <c>stderr</c> (appended by the wrapper), <c>exit</c> (the command's exit
/// code, written by the wrapper) and <c>task.json</c> (<see cref="LaunchRecord"/>).
/// </summary>
internal sealed record TaskFiles(string DirectoryPath)
{
    /// <summary>Longest task id: it is a directory name.</summary>
    public const int TaskIdLengthMax = 200;

    private const string TasksFolder = "tasks";
    private const string RecordFile = "task.json";

    /// <summary>The task's standard output, appended to across runs.</summary>
    public string Stdout => Path.Combine(DirectoryPath, "stdout");

    /// <summary>The task's standard error, appended to across runs.</summary>
    public string Stderr => Path.Combine(DirectoryPath, "stderr");

    /// <summary>The exit code the wrapper wrote once the command ended.</summary>
    public string Exit => Path.Combine(DirectoryPath, "exit");

    /// <summary>The <see cref="LaunchRecord"/>.</summary>
    public string Record => Path.Combine(DirectoryPath, RecordFile);

    /// <summary>The files of task <paramref name="taskId"/> under <paramref name="dataDir"/>.</summary>
    public static TaskFiles For(string dataDir, string taskId) => new(Path.Combine(Path.GetFullPath(dataDir), TasksFolder, taskId));

    /// <summary>Whether <paramref name="taskId"/> can name a directory: 1 to 200 of a-z, A-Z, 0-9, '.', '-', '_', not starting with '.'.</summary>
    public static bool IsValidTaskId(string? taskId) =>
        !string.IsNullOrEmpty(taskId)
        && taskId.Length <= TaskIdLengthMax
        && taskId[0] != '.'
        && taskId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Every task directory under <paramref name="dataDir"/> that holds a readable task.json, with it.</summary>
    public static IEnumerable<(TaskFiles Files, LaunchRecord Record)> All(string dataDir)
    {
        var root = Path.Combine(Path.GetFullPath(dataDir), TasksFolder);
        if (!Directory.Exists(root))
            yield break;
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var files = new TaskFiles(directory);
            if (files.ReadRecord() is { } record)
                yield return (files, record);
        }
    }

    /// <summary>
    /// Deletes the directories of reported tasks beyond the <paramref name="keep"/> most recently
    /// reported, logs included. Directories of tasks that may still run are never touched.
    /// </summary>
    /// <returns>How many directories were deleted.</returns>
    public static int Prune(string dataDir, int keep)
    {
        var deleted = 0;
        var surplus = All(dataDir)
            .Where(t => t.Record.IsReported)
            .OrderByDescending(t => t.Record.ReportedAt)
            .Skip(keep);
        foreach (var (files, _) in surplus)
        {
            try
            {
                Directory.Delete(files.DirectoryPath, recursive: true);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another prune got there first, or a file is in the way; the next prune retries.
            }
        }

        return deleted;
    }

    /// <summary>Creates the directory and clears the previous run's exit code (a task id may run again under a new epoch).</summary>
    public void PrepareForLaunch()
    {
        Directory.CreateDirectory(DirectoryPath);
        File.Delete(Exit);
    }

    /// <summary>The exit code the wrapper recorded; null if it recorded none (it was killed, or has not finished).</summary>
    public int? ReadExitCode()
    {
        try
        {
            return int.TryParse(File.ReadAllText(Exit).AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                ? code
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>task.json, or null if missing or unreadable.</summary>
    public LaunchRecord? ReadRecord()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Record), TaskJsonContext.Default.LaunchRecord);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces task.json atomically (temporary file, then rename), so a reader never sees half of it.</summary>
    public void WriteRecord(LaunchRecord record)
    {
        var temporary = Record + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, TaskJsonContext.Default.LaunchRecord);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Record, overwrite: true);
    }
}
