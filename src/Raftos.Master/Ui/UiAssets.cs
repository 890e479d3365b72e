using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Raftos.Master.Ui;

/// <summary>One file of the dashboard: its bytes, content type and entity tag.</summary>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">MIME type with charset.</param>
/// <param name="ETag">Quoted strong entity tag (a hash of the bytes).</param>
public sealed record UiAsset(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The dashboard's static files, embedded in this assembly under <c>Raftos.Ui/</c> and read
/// once at start.
/// </summary>
public static class UiAssets
{
    private const string Prefix = "Raftos.Ui/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, UiAsset>> Files = new(Load);

    /// <summary>The file of that name (e.g. <c>app.js</c>), or null.</summary>
    public static UiAsset? Find(string name) => Files.Value.GetValueOrDefault(name);

    private static FrozenDictionary<string, UiAsset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var files = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            var name = resource[Prefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
                continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            files[name] = new UiAsset(bytes, type, tag);
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
