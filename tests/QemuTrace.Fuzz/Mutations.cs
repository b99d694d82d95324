using CsCheck;

namespace QemuTrace.Fuzz;

/// <summary>
/// CsCheck generators of hostile variants of real seeds: bit flips, interesting byte values (0, 0xff, 0x7f, 0x80,
/// '\n', digits), 32/64-bit field overwrites, truncation, deletion, duplication and splices of two seeds. Built from
/// CsCheck's PCG generators, so a failure shrinks to a small set of edits and replays from its seed.
/// </summary>
public static class Mutations
{
    private static readonly byte[] Interesting = [0, 0xff, 0x7f, 0x80, (byte)'\n', (byte)'0', (byte)'9', (byte)' ', (byte)'"', (byte)'x', 0x1f, 0x8b];

    /// <summary>One edit: what, where (as a fraction of the length), a value and a length.</summary>
    public readonly record struct Edit(int Kind, double Where, ulong Value, int Length);

    private static readonly Gen<Edit> EditGen =
        Gen.Select(Gen.Int[0, 8], Gen.Double[0, 1], Gen.ULong, Gen.Int[1, 64], (k, w, v, l) => new Edit(k, w, v, l));

    /// <summary>Inputs made from <paramref name="seeds"/> by 1 to 8 edits.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, seeds.Count - 1], EditGen.Array[1, 8], (a, b, edits) => Apply(seeds[a], seeds[b], edits));

    /// <summary>Applies <paramref name="edits"/> to a copy of <paramref name="seed"/> (<paramref name="other"/> is spliced in by the splice edit).</summary>
    public static byte[] Apply(byte[] seed, byte[] other, Edit[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var edit in edits)
        {
            int at = bytes.Count == 0 ? 0 : Math.Min(bytes.Count - 1, (int)(edit.Where * bytes.Count));
            switch (edit.Kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (int)(edit.Value % 8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Interesting[(int)(edit.Value % (ulong)Interesting.Length)];
                    break;
                case 2:
                    for (int i = 0; i < 4 && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = (byte)(edit.Value >> (8 * i));
                    }

                    break;
                case 3:
                    for (int i = 0; i < 8 && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = (byte)(edit.Value >> (8 * i));
                    }

                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(edit.Length, bytes.Count - at));
                    break;
                case 6:
                    bytes.InsertRange(at, bytes.Skip(at).Take(edit.Length).ToList());
                    break;
                case 7:
                    int from = other.Length == 0 ? 0 : (int)(edit.Value % (ulong)other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(edit.Length * 8));
                    break;
                case 8:
                    bytes.Insert(at, (byte)edit.Value);
                    break;
            }
        }

        return [.. bytes];
    }
}
