using QemuTrace.Analysis;
using QemuTrace.Formats;
using QemuTrace.Symbols;
using QemuTrace.Tests.Support;

namespace QemuTrace.Tests.Hostile;

/// <summary>Issue 12 item 3: one corrupt timestamp must not blow up the bins, the span or the dropped count.</summary>
public class CorruptTimestampTests
{
    private static readonly Lazy<Symbolizer> Symbols = new(() => new Symbolizer([RepositoryData.Vmlinux]));

    private static (BootAnalysis Analysis, TraceReadStatistics Statistics) Analyze(byte[] bytes)
    {
        var path = RealTraceBytes.Write(bytes);
        try
        {
            using var reader = TraceFile.Open(path, TraceEventsFile.Load(RealTraceBytes.EventsPath));
            return (BootAnalyzer.Run(reader, new SymbolizerPcSource(Symbols.Value)), reader.Statistics);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(62)]
    [InlineData(45)]
    public void A_bit_flip_far_into_the_future_in_the_real_trace_is_repaired_and_the_analysis_matches_the_intact_one(int bit)
    {
        var intact = Analyze(RealTraceBytes.Prefix);

        var (flipped, statistics) = Analyze(RealTraceBytes.WithTimestampBitFlipped(20_000, bit));

        Assert.Equal(1, statistics.CorruptTimestamps);
        Assert.Equal(intact.Analysis.DurationNs, flipped.DurationNs);
        Assert.Equal(intact.Analysis.Bins.Count, flipped.Bins.Count);
        Assert.Equal(intact.Analysis.Profile[0].Function, flipped.Profile[0].Function);
        Assert.InRange(flipped.AttributedNs, intact.Analysis.AttributedNs - 1_000_000, intact.Analysis.AttributedNs);
    }

    [Fact]
    public void A_first_record_from_the_far_future_does_not_push_every_later_record_before_the_start()
    {
        var intact = Analyze(RealTraceBytes.Prefix);

        var (flipped, statistics) = Analyze(RealTraceBytes.WithTimestampBitFlipped(0, 60));

        Assert.Equal(1, statistics.CorruptTimestamps);
        Assert.InRange(flipped.AttributedNs, intact.Analysis.AttributedNs - 1_000_000, intact.Analysis.AttributedNs);
        Assert.Equal(intact.Analysis.Bins.Count, flipped.Bins.Count);
    }

    [Fact]
    public void Time_bins_stay_bounded_for_an_interval_whose_bin_does_not_fit_an_int()
    {
        var bins = new List<long>();

        long unbinned = TimeBins.Add(bins, 10_000_000, long.MaxValue / 2, 5_000_000_000);

        Assert.Empty(bins);
        Assert.Equal(5_000_000_000, unbinned);
    }

    [Fact]
    public void Time_bins_stop_at_the_limit_and_return_what_fell_beyond_it()
    {
        var bins = new List<long>();
        long binNs = 1000;

        long unbinned = TimeBins.Add(bins, binNs, 0, (TimeBins.MaxBins + 10L) * binNs);

        Assert.Equal(TimeBins.MaxBins, bins.Count);
        Assert.Equal(10 * binNs, unbinned);
    }

    [Fact]
    public void Dropped_event_counts_saturate_instead_of_wrapping()
    {
        var bytes = Traces.Build(4, w =>
        {
            w.WriteMapping(0, "exec_tb");
            w.WriteDropped(100, 1, ulong.MaxValue - 5);
            w.WriteDropped(200, 1, 10);
        });
        using var reader = Traces.Open(bytes);

        Traces.ReadAll(reader);

        Assert.Equal(ulong.MaxValue, reader.Statistics.DroppedEvents);
        Assert.Equal(2, reader.Statistics.DroppedRecords);
    }

    [Fact]
    public void Info_on_the_real_trace_with_a_flipped_bit_reports_its_true_span_and_the_corrupt_record()
    {
        var path = RealTraceBytes.Write(RealTraceBytes.WithTimestampBitFlipped(20_000, 63));
        try
        {
            var result = Qtrace.Run("info", path, "--events", RealTraceBytes.EventsPath);

            Assert.Equal(0, result.ExitCode);
            var span = result.Stdout.Split('\n').Single(l => l.StartsWith("time span", StringComparison.Ordinal));
            Assert.InRange(double.Parse(span.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture), 0.001, 100);
            Assert.Contains("corrupt time  1 record(s)", result.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
