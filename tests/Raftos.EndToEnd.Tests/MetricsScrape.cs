using System.Globalization;

namespace Raftos.EndToEnd.Tests;

/// <summary>One answer of GET /metrics: its content type and its samples, keyed by series as exported (<c>name{label="value",...}</c>).</summary>
internal sealed record MetricsScrape(string? ContentType, IReadOnlyDictionary<string, double> Samples)
{
    public static async Task<MetricsScrape> OfAsync(RaftosHttp http, string url)
    {
        using var response = await http.Client.GetAsync($"{url}/metrics");
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.Length == 0 || line[0] == '#' || space < 0)
                continue;
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new MetricsScrape(response.Content.Headers.ContentType?.ToString(), samples);
    }

    /// <summary>The sample of <paramref name="series"/>, or 0 when it is not exported (yet).</summary>
    public double this[string series] => Samples.GetValueOrDefault(series);
}
