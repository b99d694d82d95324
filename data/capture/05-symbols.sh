#!/bin/bash
# Step 5: the kernel's real System.map (from the -dbg package) and a vmlinux reduced
# for symbolization (debug info stripped, symbol table kept).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

gzip -9 -n -c "$SYSTEM_MAP_DBG" > "$BOOT_DIR/System.map.gz"
REDUCED="$SCRATCH/vmlinux-symbols"
# --strip-debug drops DWARF; the .rela.* sections (kept for KASLR relocation, ~10 MB)
# are removed too; --only-keep-debug then turns the code/data sections into NOBITS so
# the file keeps ELF header, section headers (with addresses), .symtab and .strtab only.
objcopy --strip-debug --remove-section='.rela*' "$VMLINUX_DBG" "$SCRATCH/vmlinux-stripdebug"
objcopy --only-keep-debug "$SCRATCH/vmlinux-stripdebug" "$REDUCED"
rm -f "$SCRATCH/vmlinux-stripdebug"
gzip -9 -n -c "$REDUCED" > "$BOOT_DIR/vmlinux-symbols.gz"
# gdb must still answer from the reduced file
out=$(gdb -batch -ex 'info symbol 0xffffffff81000000' "$REDUCED" 2>&1)
echo "$out"
echo "$out" | grep -q ' in section ' || { echo "gdb found no symbol in $REDUCED" >&2; exit 1; }
ls -l "$BOOT_DIR/System.map.gz" "$BOOT_DIR/vmlinux-symbols.gz" "$REDUCED"
