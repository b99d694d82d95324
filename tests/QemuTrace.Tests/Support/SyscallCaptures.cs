using System.Text;

namespace QemuTrace.Tests.Support;

/// <summary>Writes log-backend text as QEMU 7.2 does with <c>-trace exec_tb* -msg timestamp=on -d cpu</c>: exec_tb lines and 20-line register dumps.</summary>
public sealed class SyscallCaptures
{
    private readonly StringBuilder _text = new();

    /// <summary>An exec_tb line at <paramref name="us"/> µs after second 1795694242.</summary>
    public SyscallCaptures Tb(long us, ulong pc)
    {
        _text.Append($"13103@{1795694242 + (us / 1_000_000)}.{us % 1_000_000:D6}:exec_tb tb:0x7f08f26aff80 pc=0x{pc:x}\n");
        return this;
    }

    /// <summary>An exec_tb_exit line.</summary>
    public SyscallCaptures Exit(long us, uint flags)
    {
        _text.Append($"13103@{1795694242 + (us / 1_000_000)}.{us % 1_000_000:D6}:exec_tb_exit tb:0x7f08f26aff80 flags=0x{flags:x}\n");
        return this;
    }

    /// <summary>A register dump as x86_cpu_dump_state prints it in long mode (with the CCS line -d cpu adds on x86).</summary>
    public SyscallCaptures Dump(ulong rax, ulong rip, ulong rdi = 0, ulong rsi = 0, ulong rdx = 0, ulong r10 = 0, ulong r8 = 0, ulong r9 = 0, ulong rcx = 0x49641b, ulong cr3 = 0xab2c000)
    {
        _text.Append($"RAX={rax:x16} RBX=0000000000000d40 RCX={rcx:x16} RDX={rdx:x16}\n");
        _text.Append($"RSI={rsi:x16} RDI={rdi:x16} RBP=0000000000000000 RSP=00007ffd5e3f0e48\n");
        _text.Append($"R8 ={r8:x16} R9 ={r9:x16} R10={r10:x16} R11=0000000000000246\n");
        _text.Append("R12=0000000000000001 R13=00007ffd5e3f0f88 R14=0000000000000000 R15=0000000000000000\n");
        _text.Append($"RIP={rip:x16} RFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\n");
        _text.Append("ES =0000 0000000000000000 00000000 00000000\n");
        _text.Append("CS =0010 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]\n");
        _text.Append("SS =0018 0000000000000000 ffffffff 00cf9300 DPL=0 DS   [-WA]\n");
        _text.Append("DS =0000 0000000000000000 00000000 00000000\n");
        _text.Append("FS =0000 00000000004d8718 00000000 00000000\n");
        _text.Append("GS =0000 ffff88800f800000 00000000 00000000\n");
        _text.Append("LDT=0000 0000000000000000 00000000 00008200 DPL=0 LDT\n");
        _text.Append("TR =0040 fffffe0000003000 00004087 00008900 DPL=0 TSS64-avl\n");
        _text.Append("GDT=     fffffe0000001000 0000007f\n");
        _text.Append("IDT=     fffffe0000000000 00000fff\n");
        _text.Append($"CR0=80050033 CR2=00000000004d9000 CR3={cr3:x16} CR4=000006f0\n");
        _text.Append("DR0=0000000000000000 DR1=0000000000000000 DR2=0000000000000000 DR3=0000000000000000 \n");
        _text.Append("DR6=00000000ffff0ff0 DR7=0000000000000400\n");
        _text.Append("CCS=0000000000000000 CCD=0000000000000000 CCO=EFLAGS\n");
        _text.Append("EFER=0000000000000d01\n");
        return this;
    }

    /// <summary>Any other text.</summary>
    public SyscallCaptures Line(string line)
    {
        _text.Append(line).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    public MemoryStream Stream() => new(Encoding.UTF8.GetBytes(_text.ToString()));
}
