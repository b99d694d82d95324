using System.CommandLine;
using QemuTrace.Analysis;
using QemuTrace.Export;
using QemuTrace.Symbols;

namespace QemuTrace.Cli;

/// <summary><c>qtrace early-boot TRACE --bzimage VMLINUZ</c>: the boot before kernel entry, split into the parts the bzImage places.</summary>
internal static class EarlyBootCommand
{
    public static Command Create()
    {
        var trace = CommonOptions.Trace();
        var events = CommonOptions.Events();
        var inputFormat = CommonOptions.InputFormat();
        var bzImage = new Option<string>("--bzimage") { Description = "The kernel's bzImage (vmlinuz) that QEMU booted with -kernel; only its header is read.", Required = true };
        var format = new Option<string>("--format") { Description = "table, tsv, csv or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "tsv", "csv", "json");
        var command = new Command("early-boot", "The boot before kernel entry by part: firmware, option ROMs, real-mode setup, decompressor entry, relocated decompressor, kernel entry (a nokaslr boot with QEMU's -kernel).")
        {
            trace, events, inputFormat, bzImage, format,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var chosen = parse.GetValue(format)!;
            var provenance = CommandProvenance.BeginForJson(chosen, parse.GetValue(trace), parse.GetValue(events), parse.GetValue(bzImage));
            var layout = BzImageLayout.Load(parse.GetValue(bzImage)!);
            using var reader = CommonOptions.OpenTrace(parse.GetValue(trace)!, parse.GetValue(events), parse.GetValue(inputFormat));
            var rows = EarlyBootProfile.Run(reader, layout);
            ResultTableWriter.Write(EarlyBootTable.Create(rows), chosen, Console.Out, provenance.GetAwaiter().GetResult());
            CommonOptions.ReportWarnings(reader);
            return 0;
        }));
        return command;
    }
}
