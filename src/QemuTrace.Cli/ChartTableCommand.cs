using System.CommandLine;
using QemuTrace.Charts;
using QemuTrace.Charts.Isolation;
using QemuTrace.Files;
using QemuTrace.Formats;
using QemuTrace.Frames;

namespace QemuTrace.Cli;

/// <summary>
/// <c>qtrace chart-table TABLE.tsv --x COL --y COL [--y COL]... [--kind line|bar|area] [--title T] [-o OUT.html]</c>:
/// a table written by <c>--format tsv</c> (or any TSV with a header) as a chart page, through the same
/// <see cref="DataFrameChart"/> as <c>#!trace chart --data</c>.
/// </summary>
internal static class ChartTableCommand
{
    public static Command Create()
    {
        var table = new Argument<string>("TABLE") { Description = "A TSV table with a header line, e.g. written by `qtrace time-bins TRACE --vmlinux F --format tsv > bins.tsv`." };
        var x = new Option<string>("--x") { Description = "The column along x (numbers, or text for categories).", Required = true };
        var ys = new Option<string[]>("--y") { Description = "A numeric column to draw (repeatable); _ns columns are shown in ms.", Required = true };
        var kind = new Option<string>("--kind") { Description = "line (default), bar or area (stacked).", DefaultValueFactory = _ => DataChartKinds.Line };
        kind.AcceptOnlyFromAmong([.. DataChartKinds.All]);
        var title = new Option<string?>("--title") { Description = "The chart's title (default: Y by X)." };
        var output = new Option<string?>("--output", "-o") { Description = "The HTML file to write (default: TABLE with .html)." };
        var command = new Command("chart-table", "Chart columns of a TSV table (qtrace's --format tsv output, or your own) as a self-contained HTML page (plotly.js embedded: opens offline).")
        {
            table, x, ys, kind, title, output,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var input = parse.GetValue(table)!;
            var path = parse.GetValue(output) ?? Path.ChangeExtension(input, ".html");
            OutputFile.RefuseInputs(path, [input]);
            var frame = TsvFrames.Read(input);
            QemuTrace.Export.Provenance provenance = QemuTrace.Export.Provenance.Of([input], CommandProvenance.CommandLine());
            Plotly.NET.GenericChart chart;
            try
            {
                chart = DataFrameChart.Create(frame, parse.GetValue(x)!, parse.GetValue(ys) ?? [], parse.GetValue(kind)!, parse.GetValue(title));
            }
            catch (ArgumentException e)
            {
                throw new InputException(input, e.Message);
            }

            new HtmlReport($"{Path.GetFileName(input)}: {parse.GetValue(title) ?? string.Join(", ", parse.GetValue(ys) ?? [])}")
                .AddChart(chart)
                .AddProvenance(provenance)
                .Save(path, [input]);
            Console.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }
}
