using System.Text.Json;
using System.Text.Json.Serialization;
using QemuTrace.Analysis;
using QemuTrace.Symbols;

namespace QemuTrace.Charts.Isolation;

/// <summary>
/// What the standard charts draw, as plain data that travels as JSON across an <see cref="System.Runtime.Loader.AssemblyLoadContext"/>
/// boundary (see <see cref="IsolatedCharts"/>), plus the chart settings (<see cref="Top"/>, <see cref="Functions"/>).
/// </summary>
/// <example><code>
/// var payload = ChartPayload.From(analysis) with { Top = 15 };
/// string html = IsolatedCharts.LoadFromOwnFolder().RenderChartHtml(ChartKinds.TopFunctions, payload);
/// </code></example>
public sealed record ChartPayload
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Functions by total time, descending (<see cref="BootAnalysis.Profile"/>).</summary>
    public IReadOnlyList<FunctionProfileRow> Profile { get; init; } = [];

    /// <summary>Boot stages (<see cref="BootAnalysis.Stages"/>).</summary>
    public IReadOnlyList<BootStage> Stages { get; init; } = [];

    /// <summary>Boot milestones (<see cref="BootAnalysis.Milestones"/>).</summary>
    public IReadOnlyList<Milestone> Milestones { get; init; } = [];

    /// <summary>First calls by time (<see cref="BootAnalysis.FirstCalls"/>).</summary>
    public IReadOnlyList<FirstCallRow> FirstCalls { get; init; } = [];

    /// <summary>System calls by time (<see cref="BootAnalysis.Syscalls"/>).</summary>
    public IReadOnlyList<SyscallRow> Syscalls { get; init; } = [];

    /// <summary>Width of the time bins, ns (<see cref="TimeBins.BinNs"/>).</summary>
    public long BinNs { get; init; }

    /// <summary>ns per region per bin (<see cref="TimeBins.ByRegion"/>).</summary>
    public IReadOnlyDictionary<AddressRegion, IReadOnlyList<long>> RegionBins { get; init; } = new Dictionary<AddressRegion, IReadOnlyList<long>>();

    /// <summary>ns per tracked function per bin (<see cref="TimeBins.ByFunction"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<long>> FunctionBins { get; init; } = new Dictionary<string, IReadOnlyList<long>>();

    /// <summary>Sum of all attributed intervals, ns.</summary>
    public long AttributedNs { get; init; }

    /// <summary>From the first to the last record, ns.</summary>
    public long DurationNs { get; init; }

    /// <summary>Setting: how many functions the top-functions chart shows.</summary>
    public int Top { get; init; } = 20;

    /// <summary>Setting: whether the top-functions chart shows the regions' pseudo-functions (<c>[early-boot]</c>...).</summary>
    public bool PseudoFunctions { get; init; } = true;

    /// <summary>Setting: which tracked functions the activity chart shows (empty: all of <see cref="FunctionBins"/>).</summary>
    public IReadOnlyList<string> Functions { get; init; } = [];

    /// <summary>Copies an analysis's results.</summary>
    public static ChartPayload From(BootAnalysis analysis) => new()
    {
        Profile = analysis.Profile,
        Stages = analysis.Stages,
        Milestones = analysis.Milestones,
        FirstCalls = analysis.FirstCalls,
        Syscalls = analysis.Syscalls,
        BinNs = analysis.Bins.BinNs,
        RegionBins = analysis.Bins.ByRegion.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value),
        FunctionBins = analysis.Bins.ByFunction.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<long>)kv.Value),
        AttributedNs = analysis.AttributedNs,
        DurationNs = analysis.DurationNs,
    };

    /// <summary>The payload as JSON (snake_case names, enums by name).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a payload written by <see cref="ToJson"/>; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static ChartPayload FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ChartPayload>(json, Json) ?? throw new ArgumentException("the chart payload is JSON null", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the chart payload is not a ChartPayload's JSON: {e.Message}", nameof(json), e);
        }
    }
}
