namespace QemuTrace.Symbols;

/// <summary>
/// The one address classifier: which <see cref="AddressRegion"/> a guest PC lies in, by the x86-64 address map and
/// by what the loaded symbols say. Without symbols it is the fixed layout of <see cref="AddressRegions"/>; with a
/// kernel's <c>_text</c>/<c>_end</c> (shifted by the KASLR offset) the kernel's own image is kernel wherever KASLR put
/// it, and with modules loaded their sections are modules.
/// </summary>
/// <remarks>
/// Rules, in order (sources: Documentation/x86/x86_64/mm.rst; SeaBIOS's memory map):
/// <list type="number">
/// <item>Below 2^47 (the user half): before the kernel first ran at a virtual address, firmware below 1 MiB (real mode,
/// SeaBIOS at 0xe0000-0xfffff, option ROMs at 0xc0000-0xdffff, the linuxboot ROM and the kernel's real-mode setup) and
/// in the flash window of the 16 MiB below 4 GiB (reset vector 0xfffffff0; SeaBIOS maps itself at 0xfffc0000, OVMF up
/// to 16 MiB); the rest below 4 GiB is early boot (the decompressor at 0x100000, the kernel's physical entry). After
/// the kernel started, the same numbers are user space: a PC alone cannot tell them apart, the boot phase does.</item>
/// <item>The vsyscall page 0xffffffffff600000 is user code (executed at CPL 3).</item>
/// <item>The cpu_entry_area (0xfffffe0000000000, 0.5 TiB) holds kernel entry trampolines: kernel.</item>
/// <item>The kernel image <c>[_text, _end)</c> as the symbols place it: kernel. With KASLR the image can sit above
/// 0xffffffffa0000000, inside what is the module area on a kernel without KASLR; unsymbolized code in it
/// (<c>.altinstr_aux</c>) is kernel too.</item>
/// <item>A loaded module's sections (<c>--module</c>, kallsyms <c>[module]</c> lines): modules.</item>
/// <item>Otherwise by the fixed layout: 0xffffffff80000000..0xffffffff9fffffff kernel text, 0xffffffffa0000000 up to
/// 0xfffffffffeffffff the module area (modules, BPF JIT); anything else (direct map, vmalloc) is other.</item>
/// </list>
/// </remarks>
public sealed class AddressMap
{
    private readonly (ulong Start, ulong End)[] _modules;

    /// <summary>Creates a map with a kernel image range and module ranges (each <c>[Start, End)</c>).</summary>
    public AddressMap((ulong Start, ulong End)? kernelImage, IEnumerable<(ulong Start, ulong End)> modules)
    {
        KernelImage = kernelImage;
        _modules = modules.Where(m => m.End > m.Start).OrderBy(m => m.Start).ToArray();
    }

    /// <summary>The fixed layout, for PCs classified without symbols.</summary>
    public static AddressMap Default { get; } = new(null, []);

    /// <summary>The kernel image <c>[_text, _end)</c> at its running address, when the symbols give it.</summary>
    public (ulong Start, ulong End)? KernelImage { get; }

    /// <summary>The loaded modules' allocated sections, by address.</summary>
    public IReadOnlyList<(ulong Start, ulong End)> Modules => _modules;

    /// <summary>Builds the map from symbol files: the kernel's <c>_text</c>/<c>_end</c>, and every module's sections.</summary>
    public static AddressMap FromSymbols(IEnumerable<SymbolFile> files)
    {
        (ulong, ulong)? image = null;
        var modules = new List<(ulong, ulong)>();
        foreach (var file in files)
        {
            bool isModule = file.Kind == SymbolSourceKind.ElfModule
                || (file.Kind == SymbolSourceKind.Kallsyms && file.Path.EndsWith(']'));
            if (isModule)
            {
                modules.AddRange(file.Sections.Where(s => s.Size > 0).Select(s => (s.Address, s.End)));
                continue;
            }

            if (image is null && KernelSymbol(file, "_text") is ulong text && KernelSymbol(file, "_end") is ulong end && end > text)
            {
                image = (text, end);
            }
        }

        return new AddressMap(image, modules);
    }

    private static ulong? KernelSymbol(SymbolFile file, string name)
    {
        int index = file.IndexOf(name);
        if (index < 0)
        {
            return null;
        }

        ulong address = file.Addresses[index];
        return address >= AddressRegions.KernelTextStart ? address : null;
    }

    /// <summary>The region of <paramref name="pc"/>; <paramref name="kernelStarted"/> says whether the kernel already ran at a virtual address.</summary>
    public AddressRegion Classify(ulong pc, bool kernelStarted)
    {
        if (pc < AddressRegions.UserEnd)
        {
            if (kernelStarted || pc >= AddressRegions.FourGiB)
            {
                return AddressRegion.User;
            }

            return pc < AddressRegions.RealModeEnd || pc >= AddressRegions.FirmwareRomStart ? AddressRegion.Firmware : AddressRegion.EarlyBoot;
        }

        if (pc - AddressRegions.VsyscallPage < 0x1000)
        {
            return AddressRegion.User;
        }

        if (pc - AddressRegions.CpuEntryAreaStart < AddressRegions.CpuEntryAreaSize)
        {
            return AddressRegion.Kernel;
        }

        if (KernelImage is (ulong start, ulong end) && pc >= start && pc < end)
        {
            return AddressRegion.Kernel;
        }

        if (InModule(pc))
        {
            return AddressRegion.Modules;
        }

        if (pc >= AddressRegions.KernelTextStart)
        {
            if (pc < AddressRegions.ModulesStart)
            {
                return AddressRegion.Kernel;
            }

            if (pc <= AddressRegions.ModulesLast)
            {
                return AddressRegion.Modules;
            }
        }

        return AddressRegion.Other;
    }

    private bool InModule(ulong pc)
    {
        // Few ranges (a handful of sections per module): a linear scan over sorted ranges, once per distinct PC.
        foreach (var (start, end) in _modules)
        {
            if (pc < start)
            {
                return false;
            }

            if (pc < end)
            {
                return true;
            }
        }

        return false;
    }
}
