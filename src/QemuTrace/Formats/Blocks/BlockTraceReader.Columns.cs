using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using QemuTrace.Formats.Columns;
using static QemuTrace.Formats.Blocks.BlockTraceLayout;

namespace QemuTrace.Formats.Blocks;

/// <summary>The column fast path of <see cref="BlockTraceReader"/>.</summary>
public sealed partial class BlockTraceReader
{
    /// <summary>The 7 value bits of each byte of a little-endian word of varint bytes.</summary>
    private const ulong VarintValueBits = 0x7f7f7f7f7f7f7f7fUL;

    /// <summary>The continuation bit of each byte of a word of varint bytes.</summary>
    private const ulong VarintMoreBits = 0x8080808080808080UL;

    /// <summary>
    /// Decode the three varints of a record that lies within 8 bytes with BMI2 (PEXT) and no branch per byte. On by
    /// default where the CPU has BMI2; tests turn it off to run the portable byte-by-byte decoder.
    /// </summary>
    internal static bool UseBmi2 { get; set; } = Bmi2.X64.IsSupported;

    /// <summary>Convert ticks to ns eight at a time with AVX-512DQ where the CPU has it; tests turn it off to run the scalar conversion.</summary>
    internal static bool UseAvx512 { get; set; } = Avx512DQ.IsSupported;

    private Action<RecordColumns>? _decodeRun;

    /// <inheritdoc />
    /// <remarks>
    /// Records that lie whole in the buffer and in their chunk, with at least one more record of the chunk after
    /// them, are decoded by a tight loop straight into the columns; everything else (chunk headers, the last record
    /// of a chunk, the buffer's edge, the trailer, the end of the input, anything malformed) takes <see cref="Read"/>,
    /// so errors, warnings and statistics are those of the record-by-record path.
    /// </remarks>
    public bool ReadColumns(RecordColumns columns) => RecordColumnReading.ReadWithRuns(this, columns, _decodeRun ??= DecodeRun);

    /// <summary>
    /// The hot path: the chunk's next records, while each starts at least <see cref="MaxRecordSize"/> bytes before
    /// the end of both the buffer and the chunk (so no byte needs a bounds check) and is not the chunk's last.
    /// Stops, without consuming it, at the first record it does not decode as <see cref="ReadRecord"/> would (a
    /// varint over 10 bytes, an instruction count over 32 bits); <see cref="Read"/> then takes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeRun(RecordColumns columns)
    {
        // The reader's own event table holds only exec_tb, at index 0: the loop stores a constant.
        var perEvent = Statistics.RecordsPerEvent;
        if (_execTb != 0 || perEvent.Length == 0)
        {
            return;
        }

        long chunkEnd = _chunkEnd - _bufferOffset;
        int limit = (int)Math.Min(_end, chunkEnd) - MaxRecordSize;
        int pos = _pos;
        int room = (int)Math.Min(columns.Capacity - columns.Count, (long)_chunkRemaining - 1);
        if (pos > limit || room <= 0)
        {
            return;
        }

        ref byte data = ref MemoryMarshal.GetArrayDataReference(_buffer);
        int first = columns.Count;
        // With the TSC the loop keeps ticks relative to the segment's start, as ReadRecord's conversion subtracts them.
        ulong origin = _identityClock ? 0 : _segmentTicks;
        ulong ticks = _previousTicks - origin;
        ulong pc = _previousPc;
        bool bmi2 = UseBmi2 && Bmi2.X64.IsSupported;
        int stop = first + room;
        ulong segmentNs = _segmentNs;
        double nsPerTick = _nsPerTick;
        int n = (bmi2, _identityClock) switch
        {
            (true, true) => DecodeRecords<Bmi2Records, IdentityClock>(ref data, ref pos, limit, stop, ref ticks, ref pc, segmentNs, nsPerTick, columns),
            (true, false) => DecodeRecords<Bmi2Records, LinearClock>(ref data, ref pos, limit, stop, ref ticks, ref pc, segmentNs, nsPerTick, columns),
            (false, true) => DecodeRecords<PortableRecords, IdentityClock>(ref data, ref pos, limit, stop, ref ticks, ref pc, segmentNs, nsPerTick, columns),
            (false, false) => DecodeRecords<PortableRecords, LinearClock>(ref data, ref pos, limit, stop, ref ticks, ref pc, segmentNs, nsPerTick, columns),
        } - first;
        ticks += origin;
        if (n == 0)
        {
            return;
        }

        // The statistics ReadRecord keeps per record, over the columns just written.
        var times = columns.TimestampNs.Slice(first, n);
        long outOfOrder = (_any && times[0] < _previousNs ? 1 : 0) + CountDecreases(times);
        long instructions = Sum(columns.Instructions.Slice(first, n));

        columns.HasInstructions = true;
        _pos = pos;
        _previousTicks = ticks;
        _previousPc = pc;
        _previousNs = times[^1];
        _any = true;
        _chunkRemaining -= (uint)n;
        Instructions += (ulong)instructions;
        Statistics.OutOfOrder += outOfOrder;
        perEvent[_execTb] += n;
        Statistics.Records += n;
    }

    /// <summary>
    /// Records from <paramref name="pos"/> while they start at or before <paramref name="limit"/>, until the columns
    /// hold <paramref name="stop"/>; the columns' count after them.
    /// </summary>
    /// <remarks>
    /// Records within 8 bytes (nearly all) take <see cref="ShortRecords"/>, a loop with nothing else in it, so that
    /// its state stays in registers; a longer record is decoded here byte by byte, and the loop resumes after it.
    /// With the TSC, the loops store ticks and one vector pass turns them into ns afterwards (<see cref="TicksToNs"/>).
    /// </remarks>
    /// <typeparam name="TRecords"><see cref="Bmi2Records"/> or <see cref="PortableRecords"/>: how the varints are found.</typeparam>
    /// <typeparam name="TClock"><see cref="IdentityClock"/> (ticks are ns) or <see cref="LinearClock"/> (the chunk's segment).</typeparam>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int DecodeRecords<TRecords, TClock>(
        ref byte data, ref int pos, int limit, int stop, ref ulong ticks, ref ulong pc,
        ulong segmentNs, double nsPerTick, RecordColumns columns)
        where TRecords : struct
        where TClock : struct
    {
        int start = columns.Count;
        int k = start;

        // Straight into the storage: stop <= Capacity, the arrays' length, so the stores need no bounds checks.
        var (timestamps, pcs, counts) = columns.Storage;
        ref ulong timeAt = ref MemoryMarshal.GetArrayDataReference(timestamps);
        ref ulong pcAt = ref MemoryMarshal.GetArrayDataReference(pcs);
        ref long countAt = ref MemoryMarshal.GetArrayDataReference(counts);
        if (stop > timestamps.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(stop));
        }

        while (k < stop && pos <= limit)
        {
            if (typeof(TRecords) == typeof(Bmi2Records))
            {
                var progress = ShortRecords(ref data, pos, k, stop, limit, ticks, pc, ref timeAt, ref pcAt, ref countAt);
                if (progress.Count > k)
                {
                    k = (int)progress.Count;
                    pos = (int)progress.Position;
                    ticks = Unsafe.Add(ref timeAt, k - 1);
                    pc = Unsafe.Add(ref pcAt, k - 1);
                }

                if (k >= stop || pos > limit)
                {
                    break;
                }
            }

            // A record over 8 bytes (or, portably, every record): byte by byte, a one-byte varint first.
            var first = Varint(ref data, pos);
            if (first.Length == 0)
            {
                break;
            }

            var second = Varint(ref data, pos + first.Length);
            if (second.Length == 0)
            {
                break;
            }

            var third = Varint(ref data, pos + first.Length + second.Length);
            if (third.Length == 0 || third.Value > uint.MaxValue)
            {
                break;
            }

            pos += first.Length + second.Length + third.Length;
            ticks += Unzigzag(first.Value);
            pc += Unzigzag(second.Value);
            Unsafe.Add(ref timeAt, k) = ticks;
            Unsafe.Add(ref pcAt, k) = pc;
            Unsafe.Add(ref countAt, k) = (long)third.Value;
            k++;
        }

        if (typeof(TClock) == typeof(LinearClock))
        {
            TicksToNs(timestamps.AsSpan(start, k - start), segmentNs, nsPerTick);
        }

        // exec_tb is the reader's event 0; its records carry two arguments (pc, insns).
        columns.CommitBlocks(k - start, 0, 2);
        return columns.Count;
    }

    /// <summary>
    /// The records from <paramref name="p"/> whose three varints lie within 8 bytes, decoded with BMI2 (PEXT) and
    /// no branch per byte: ticks (not yet ns), PC and instructions at <paramref name="i"/> on, continuing from
    /// <paramref name="t"/> and <paramref name="address"/>. Stops before a longer record, an instruction count over
    /// 32 bits, a record starting after <paramref name="last"/>, or at <paramref name="end"/>; where it stopped, and
    /// the count (the last record's ticks and PC are the columns' last).
    /// </summary>
    /// <remarks>
    /// Everything the loop touches is a local in a register: the state comes in by value and goes out as a pair of
    /// registers, and the bounds check is one compare per record (a record takes at most 8 bytes here, so
    /// <c>(last - p) / 8 + 1</c> more records cannot start after <paramref name="last"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static Progress ShortRecords(
        ref byte data, nint p, nint i, nint end, nint last, ulong t, ulong address,
        ref ulong times, ref ulong pcs, ref long counts)
    {
        while (true)
        {
            nint safe = i + Math.Min(end - i, ((last - p) >> 3) + 1);
            if (safe <= i)
            {
                return new Progress(p, i);
            }

            while (i < safe)
            {
                ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, p));
                ulong last1 = ~word & VarintMoreBits;
                ulong last2 = last1 & (last1 - 1);
                ulong last3 = last2 & (last2 - 1);
                if (last3 == 0)
                {
                    return new Progress(p, i);
                }

                // All three varints end within these 8 bytes, each at a byte whose top bit is clear: the masks below
                // cover their value bits up to the end of the first, second and third.
                ulong upTo1 = Bmi1.X64.GetMaskUpToLowestSetBit(last1) & VarintValueBits;
                ulong upTo2 = Bmi1.X64.GetMaskUpToLowestSetBit(last2) & VarintValueBits;
                ulong upTo3 = Bmi1.X64.GetMaskUpToLowestSetBit(last3) & VarintValueBits;
                ulong instructions = Bmi2.X64.ParallelBitExtract(word, upTo3 ^ upTo2);
                if (instructions > uint.MaxValue)
                {
                    return new Progress(p, i);
                }

                p += (nint)(Bmi1.X64.TrailingZeroCount(last3) >> 3) + 1;
                t += Unzigzag(Bmi2.X64.ParallelBitExtract(word, upTo1));
                address += Unzigzag(Bmi2.X64.ParallelBitExtract(word, upTo2 ^ upTo1));
                Unsafe.Add(ref times, i) = t;
                Unsafe.Add(ref pcs, i) = address;
                Unsafe.Add(ref counts, i) = (long)instructions;
                i++;
            }
        }
    }

    /// <summary>Where <see cref="ShortRecords"/> stopped in the input, and the columns' count.</summary>
    private readonly record struct Progress(nint Position, nint Count);

    /// <summary>
    /// Ticks relative to the chunk's segment (as signed 64-bit) to ns: <c>segmentNs + (long)Math.Round(ticks *
    /// nsPerTick)</c>, as <see cref="ReadRecord"/> converts them, eight at a time where the CPU has AVX-512DQ (its
    /// int64/double conversions round to nearest even, as the scalar ones do).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TicksToNs(Span<ulong> values, ulong segmentNs, double nsPerTick)
    {
        int i = 0;
        if (Avx512DQ.IsSupported && UseAvx512)
        {
            ref ulong at = ref MemoryMarshal.GetReference(values);
            var scale = Vector512.Create(nsPerTick);
            var offset = Vector512.Create(segmentNs);
            var outOfRange = Vector512.Create(long.MinValue);
            for (; i + Vector512<ulong>.Count <= values.Length; i += Vector512<ulong>.Count)
            {
                var scaled = Avx512DQ.ConvertToVector512Double(Vector512.LoadUnsafe(ref at, (nuint)i).AsInt64()) * scale;
                var rounded = Avx512DQ.ConvertToVector512Int64(scaled);
                if (Vector512.EqualsAny(rounded, outOfRange))
                {
                    // NaN or beyond ±2^63: the scalar path's saturating conversion, for these eight.
                    for (int j = i; j < i + Vector512<ulong>.Count; j++)
                    {
                        values[j] = segmentNs + RoundToLong((long)values[j] * nsPerTick);
                    }

                    continue;
                }

                (rounded.AsUInt64() + offset).StoreUnsafe(ref at, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = segmentNs + RoundToLong((long)values[i] * nsPerTick);
        }
    }

    /// <summary>
    /// <c>(long)Math.Round(value)</c>, bit for bit: one CVTSD2SI rounds to nearest even (the rounding mode .NET runs
    /// with, which Math.Round's ROUNDSD also uses); its out-of-range answer (NaN, beyond ±2^63) takes the saturating
    /// conversion.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RoundToLong(double value)
    {
        if (Sse2.X64.IsSupported)
        {
            long rounded = Sse2.X64.ConvertToInt64(Vector128.CreateScalarUnsafe(value));
            if (rounded != long.MinValue)
            {
                return (ulong)rounded;
            }
        }

        return (ulong)(long)Math.Round(value);
    }

    /// <summary>How many values are smaller than the one before them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountDecreases(ReadOnlySpan<ulong> values)
    {
        long count = 0;
        int i = 1;
        if (Vector256.IsHardwareAccelerated && values.Length > Vector256<ulong>.Count)
        {
            var sum = Vector256<ulong>.Zero;
            ref ulong start = ref MemoryMarshal.GetReference(values);
            for (; i + Vector256<ulong>.Count <= values.Length; i += Vector256<ulong>.Count)
            {
                var current = Vector256.LoadUnsafe(ref start, (nuint)i);
                var previous = Vector256.LoadUnsafe(ref start, (nuint)(i - 1));
                sum -= Vector256.LessThan(current, previous);
            }

            count = (long)Vector256.Sum(sum);
        }

        for (; i < values.Length; i++)
        {
            count += values[i] < values[i - 1] ? 1 : 0;
        }

        return count;
    }

    /// <summary>The sum of <paramref name="values"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Sum(ReadOnlySpan<long> values)
    {
        long sum = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<long>.Count)
        {
            var vector = Vector256<long>.Zero;
            ref long start = ref MemoryMarshal.GetReference(values);
            for (; i + Vector256<long>.Count <= values.Length; i += Vector256<long>.Count)
            {
                vector += Vector256.LoadUnsafe(ref start, (nuint)i);
            }

            sum = Vector256.Sum(vector);
        }

        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>The varints of a record within 8 bytes without a branch per byte (BMI2: PEXT, BZHI); longer records byte by byte.</summary>
    private readonly struct Bmi2Records;

    /// <summary>Byte by byte, a one-byte varint first.</summary>
    private readonly struct PortableRecords;

    /// <summary>The monotonic clock: ticks are ns.</summary>
    private readonly struct IdentityClock;

    /// <summary>TSC ticks: the chunk's linear segment between two clock pairs, as <see cref="ReadRecord"/> converts them.</summary>
    private readonly struct LinearClock;

    /// <summary>A varint's value and its length in bytes (0: over 10 bytes).</summary>
    private readonly record struct VarintValue(ulong Value, int Length);

    /// <summary>
    /// The LEB128 varint at <paramref name="p"/>, as <see cref="TryVarint"/> decodes it, where at least 10 bytes are
    /// readable; length 0 for one over 10 bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static VarintValue Varint(ref byte data, int p)
    {
        byte b = Unsafe.Add(ref data, p);
        return b < 0x80 ? new VarintValue(b, 1) : LongVarint(ref data, p);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static VarintValue LongVarint(ref byte data, int p)
    {
        ulong result = 0;
        for (int i = 0; i < 10; i++)
        {
            byte b = Unsafe.Add(ref data, p + i);
            result |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                return new VarintValue(result, i + 1);
            }
        }

        return new VarintValue(0, 0);
    }
}
