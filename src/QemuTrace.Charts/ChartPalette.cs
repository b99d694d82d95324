using QemuTrace.Symbols;

namespace QemuTrace.Charts;

/// <summary>Colours the charts agree on: one per boot region, a qualitative cycle for syscalls, grey for the unknown.</summary>
public static class ChartPalette
{
    /// <summary>The colour of what could not be named (<c>?</c> syscalls).</summary>
    public const string Unknown = "#9e9e9e";

    /// <summary>Plotly's D3 cycle plus its lighter half, skipping grey (which means unknown).</summary>
    private static readonly string[] Cycle =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5",
    ];

    /// <summary>The colour of a boot region, the same in every chart.</summary>
    public static string Region(AddressRegion region) => region switch
    {
        AddressRegion.Firmware => "#8c564b",
        AddressRegion.EarlyBoot => "#ff7f0e",
        AddressRegion.Kernel => "#1f77b4",
        AddressRegion.Modules => "#9467bd",
        AddressRegion.User => "#2ca02c",
        _ => "#7f7f7f",
    };

    /// <summary>The <paramref name="index"/>-th colour of the qualitative cycle.</summary>
    public static string Categorical(int index) => Cycle[index % Cycle.Length];
}
