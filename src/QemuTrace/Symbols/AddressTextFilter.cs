using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace QemuTrace.Symbols;

/// <summary>
/// Rewrites address-looking tokens inside text lines with their symbols, like the seed pipeline's <c>ksyms.pl</c>:
/// every <c>0x</c>-prefixed hex number and every bare 16-hex-digit word gets <c>[SYM+0xOFF]</c> appended (or replaces
/// it), so old <c>TIMESTAMP PC</c> files and logs can be read with names.
/// </summary>
public sealed partial class AddressTextFilter
{
    private readonly Symbolizer _symbolizer;
    private readonly bool _replace;

    /// <summary>Creates a filter over <paramref name="symbolizer"/>.</summary>
    /// <param name="symbolizer">Answers the lookups.</param>
    /// <param name="replace">Replace the address with the symbol instead of appending it.</param>
    public AddressTextFilter(Symbolizer symbolizer, bool replace = false)
    {
        _symbolizer = symbolizer;
        _replace = replace;
    }

    /// <summary>The line with every address token annotated; tokens with no symbol are left as they are.</summary>
    public string Rewrite(string line) => AddressToken().Replace(line, match =>
    {
        var digits = match.Groups["hex"].Value;
        if (digits.Length > 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address))
        {
            return match.Value;
        }

        int id = _symbolizer.LookupId(address);
        if (id < 0)
        {
            return match.Value;
        }

        ulong offset = address - _symbolizer.GetAddress(id);
        var symbol = new StringBuilder(_symbolizer.GetName(id));
        if (offset != 0)
        {
            symbol.Append("+0x").Append(offset.ToString("x", CultureInfo.InvariantCulture));
        }

        return _replace ? symbol.ToString() : $"{match.Value} [{symbol}]";
    });

    [GeneratedRegex(@"(?<![0-9A-Za-z_])(?:0[xX](?<hex>[0-9a-fA-F]+)|(?<hex>[0-9a-fA-F]{16}))(?![0-9A-Za-z_])")]
    private static partial Regex AddressToken();
}
