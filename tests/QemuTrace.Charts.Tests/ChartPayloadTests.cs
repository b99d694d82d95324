using QemuTrace.Charts.Isolation;
using QemuTrace.Charts.Tests.Support;
using QemuTrace.Symbols;

namespace QemuTrace.Charts.Tests;

[Collection(RealBootCollection.Name)]
public class ChartPayloadTests(RealBoot boot)
{
    [Fact]
    public void A_payload_survives_its_json_round_trip()
    {
        var payload = ChartPayload.From(boot.Analysis) with { Top = 7, Functions = ["text_poke_early"] };

        var back = ChartPayload.FromJson(payload.ToJson());

        Assert.Equal(payload.Profile, back.Profile);
        Assert.Equal(payload.Stages, back.Stages);
        Assert.Equal(payload.Milestones, back.Milestones);
        Assert.Equal(payload.FirstCalls, back.FirstCalls);
        Assert.Equal(payload.Syscalls, back.Syscalls);
        Assert.Equal(payload.RegionBins[AddressRegion.Kernel], back.RegionBins[AddressRegion.Kernel]);
        Assert.Equal(payload.FunctionBins["text_poke_early"], back.FunctionBins["text_poke_early"]);
        Assert.Equal((7, payload.BinNs, payload.AttributedNs), (back.Top, back.BinNs, back.AttributedNs));
        Assert.Equal(["text_poke_early"], back.Functions);
    }

    [Fact]
    public void Json_that_is_not_a_payload_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => ChartPayload.FromJson("[1, 2]"));

    [Fact]
    public void Charts_from_a_payload_match_charts_from_the_analysis()
    {
        var payload = ChartPayload.FromJson(ChartPayload.From(boot.Analysis).ToJson());

        Assert.Equal(
            Plotly.NET.GenericChart.toJson(TopFunctionsChart.Create(boot.Analysis)),
            Plotly.NET.GenericChart.toJson(BootCharts.Create(ChartKinds.TopFunctions, payload)));
    }
}
