using System.Text.Json;
using System.Text.Json.Serialization;

namespace Raftos.Client.Transport;

/// <summary>The JSON of the request bodies and problem answers the client reads and writes internally.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(AddMasterBody))]
[JsonSerializable(typeof(RoleBody))]
internal sealed partial class BodyJsonContext : JsonSerializerContext;
