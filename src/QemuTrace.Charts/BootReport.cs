using QemuTrace.Analysis;
using QemuTrace.Charts.Isolation;
using QemuTrace.Export;

namespace QemuTrace.Charts;

/// <summary>The standard boot report: every standard chart with the main tables, as one offline <see cref="HtmlReport"/>.</summary>
public static class BootReport
{
    /// <summary>
    /// The report of <paramref name="analysis"/>: summary, boot timeline with milestones and stages, top
    /// <paramref name="top"/> functions with the region table, time per region, first calls, syscalls with their
    /// summary, and the activity of the tracked functions (if any).
    /// </summary>
    public static HtmlReport Create(BootAnalysis analysis, string title, string? source = null, int top = 25)
    {
        var payload = ChartPayload.From(analysis) with { Top = top };
        var report = new HtmlReport(title);
        report.AddParagraph(
            (source is null ? "" : $"Trace {source}: ") +
            $"{analysis.Records:N0} records over {ResultTableWriter.FormatDuration(analysis.DurationNs)}, " +
            $"{analysis.BlockRecords:N0} exec_tb records at {analysis.DistinctPcs:N0} distinct PCs, " +
            $"{ResultTableWriter.FormatDuration(analysis.AttributedNs)} attributed to {analysis.Profile.Count:N0} functions, " +
            $"{analysis.Syscalls.Count:N0} system calls.");
        report.AddParagraph("How time is counted: " + BootAnalysis.AttributionModel);

        report.AddHeading("Boot timeline");
        report.AddChart(BootCharts.Create(ChartKinds.BootTimeline, payload));
        report.AddTable(BootAnalysisTables.Milestones(analysis));
        report.AddTable(BootAnalysisTables.Stages(analysis));

        report.AddHeading("Where the time goes");
        report.AddChart(BootCharts.Create(ChartKinds.TopFunctions, payload));
        report.AddTable(BootAnalysisTables.Profile(analysis, top));
        report.AddTable(BootAnalysisTables.Regions(analysis));

        report.AddHeading("Time per region over the boot");
        report.AddChart(BootCharts.Create(ChartKinds.Regions, payload));

        report.AddHeading("Boot order: first calls");
        report.AddChart(BootCharts.Create(ChartKinds.FirstCalls, payload));
        report.AddTable(BootAnalysisTables.FirstCalls(analysis), maxRows: 40);

        report.AddHeading("System calls");
        report.AddChart(BootCharts.Create(ChartKinds.Syscalls, payload));
        report.AddTable(BootAnalysisTables.SyscallSummary(analysis));
        if (analysis.Syscalls.Any(s => s.Registers is not null))
        {
            report.AddHeading("System calls per address space");
            report.AddChart(BootCharts.Create(ChartKinds.AddressSpaces, payload));
            report.AddTable(BootAnalysisTables.AddressSpaceTable(analysis));
        }

        if (analysis.Bins.ByFunction.Count > 0)
        {
            report.AddHeading("Activity of tracked functions");
            report.AddChart(BootCharts.Create(ChartKinds.FunctionActivity, payload));
        }

        return report;
    }
}
