/*
 * qtrace-blocks: a QEMU TCG plugin that records every executed translated block
 * (time, block virtual address, vCPU, instruction count) as a compact binary stream
 * that `qtrace` reads. The format is written down in docs/block-format.md; its field
 * offsets are mirrored in src/QemuTrace/Formats/Blocks/BlockTraceLayout.cs.
 *
 * Usage:
 *   qemu-system-x86_64 ... -plugin qtrace-blocks.so,out=boot.qtb,start=0x1000000
 * Options:
 *   out=PATH             output file (default qtrace-blocks.qtb); not `file=`, which
 *                        QEMU takes as the plugin's own path
 *   start=reset|ADDR     record from the first block (reset), or from the first
 *                        execution of the guest virtual address ADDR (e.g. the
 *                        kernel's physical entry 0x1000000 under nokaslr)
 *   stop=ADDR            stop recording at the first execution of ADDR (its block is
 *                        the last record; e.g. stop=0x1000000 records early boot only)
 *   clock=tsc|monotonic  time source: the host TSC (cheap; needs an invariant TSC)
 *                        or CLOCK_MONOTONIC; default tsc on x86 hosts
 *
 * Until the start address runs, nothing but that one instruction is instrumented;
 * when it runs, the plugin resets itself (QEMU flushes the translation cache) and
 * every block translated afterwards carries the recording callback and two inline
 * counters (blocks, instructions) whose totals go into the trailer.
 *
 * Built by scripts/build-plugin.sh against the qemu-plugin.h of the QEMU that runs it.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define QTB_HAVE_TSC 1
#else
#define QTB_HAVE_TSC 0
#endif

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* docs/block-format.md: file header, chunk header, trailer. Little-endian host assumed. */
#define QTB_MAGIC "QTBLOCKS"
#define QTB_FORMAT_VERSION 1
#define QTB_HEADER_SIZE 64
#define QTB_CHUNK_TAG 0x4b4e4843u   /* "CHNK" */
#define QTB_CHUNK_HEADER_SIZE 40
#define QTB_TRAILER_TAG 0x524c5254u /* "TRLR" */
#define QTB_TRAILER_SIZE 56
#define QTB_CLOCK_MONOTONIC 1
#define QTB_CLOCK_TSC 2
#define QTB_START_RESET 0
#define QTB_START_PC 1

/* A record is three LEB128 varints: at most 10 + 10 + 10 bytes. */
#define QTB_MAX_RECORD 30
#define QTB_BUFFER_BYTES (1u << 20)

/* What the exec callback needs of a block, fixed at translation. */
struct block_info {
    uint64_t pc;
    uint32_t insns;
};

/* One vCPU's chunk being filled; only its vCPU thread touches it until exit. */
struct vcpu_buffer {
    uint8_t *bytes;
    uint32_t length;
    uint32_t records;
    uint64_t previous_time;
    uint64_t previous_pc;
} __attribute__((aligned(64)));

static qemu_plugin_id_t plugin_id;
static FILE *output;
static char *output_path;
static int clock_kind;
static int start_kind = QTB_START_RESET;
static uint64_t start_pc;
static bool has_stop;
static uint64_t stop_pc;
static int stopped;
static int recording;                 /* 0 until the start condition is met */
static struct vcpu_buffer *buffers;
static unsigned int buffer_count;

/* Written by generated code (inline ops); exact with one vCPU, approximate with MTTCG. */
static uint64_t inline_blocks;
static uint64_t inline_insns;

static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t chunks_written;
static uint64_t records_written;
static uint64_t bytes_written;
static bool write_failed;

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static struct block_info *arena;
static size_t arena_free;

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t ticks(void)
{
#if QTB_HAVE_TSC
    if (clock_kind == QTB_CLOCK_TSC) {
        return __rdtsc();
    }
#endif
    return monotonic_ns();
}

static void put_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static inline uint8_t *put_varint(uint8_t *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}

static inline uint64_t zigzag(uint64_t difference)
{
    int64_t d = (int64_t)difference;
    return ((uint64_t)d << 1) ^ (uint64_t)(d >> 63);
}

static void write_bytes(const void *bytes, size_t length)
{
    if (write_failed) {
        return;
    }
    if (fwrite(bytes, 1, length, output) != length) {
        write_failed = true;
        fprintf(stderr, "qtrace-blocks: %s: write failed after %" PRIu64
                " bytes: %s; the capture is incomplete (free disk space and record again)\n",
                output_path, bytes_written, strerror(errno));
        return;
    }
    bytes_written += length;
}

/* Writes the vCPU's chunk (if it holds records) and starts an empty one. */
static void flush_buffer(unsigned int vcpu, struct vcpu_buffer *b)
{
    if (b->bytes == NULL) {
        b->bytes = g_malloc(QTB_BUFFER_BYTES);
    } else if (b->records > 0) {
        pthread_mutex_lock(&write_lock);
        uint8_t *h = b->bytes;
        put_u32(h + 0, QTB_CHUNK_TAG);
        put_u32(h + 4, vcpu);
        put_u32(h + 8, b->records);
        put_u32(h + 12, b->length - QTB_CHUNK_HEADER_SIZE);
        put_u64(h + 16, chunks_written);
        /* A clock pair at flush time: the reader converts ticks to ns with these. */
        put_u64(h + 24, monotonic_ns());
        put_u64(h + 32, ticks());
        write_bytes(b->bytes, b->length);
        chunks_written++;
        records_written += b->records;
        pthread_mutex_unlock(&write_lock);
    }
    b->length = QTB_CHUNK_HEADER_SIZE;
    b->records = 0;
    b->previous_time = 0;
    b->previous_pc = 0;
}

static inline void record_block(unsigned int vcpu, uint64_t pc, uint32_t insns)
{
    if (__builtin_expect(vcpu >= buffer_count, 0)) {
        return;
    }
    struct vcpu_buffer *b = &buffers[vcpu];
    if (__builtin_expect(b->length > QTB_BUFFER_BYTES - QTB_MAX_RECORD, 0)) {
        flush_buffer(vcpu, b);
    }
    /* Read after a flush, so that every record of a chunk is later than the previous chunk's clock pair. */
    uint64_t now = ticks();
    uint8_t *p = b->bytes + b->length;
    p = put_varint(p, zigzag(now - b->previous_time));
    p = put_varint(p, zigzag(pc - b->previous_pc));
    p = put_varint(p, insns);
    b->length = (uint32_t)(p - b->bytes);
    b->records++;
    b->previous_time = now;
    b->previous_pc = pc;
}

static struct block_info *new_block_info(uint64_t pc, uint32_t insns)
{
    pthread_mutex_lock(&arena_lock);
    if (arena_free == 0) {
        /* Never freed: a block_info lives as long as any translation may refer to it. */
        arena_free = 65536;
        arena = g_new(struct block_info, arena_free);
    }
    struct block_info *info = arena++;
    arena_free--;
    pthread_mutex_unlock(&arena_lock);
    info->pc = pc;
    info->insns = insns;
    return info;
}

static void on_block(unsigned int vcpu, void *udata)
{
    const struct block_info *info = udata;
    record_block(vcpu, info->pc, info->insns);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
static void on_qemu_exit(qemu_plugin_id_t id, void *p);

static void on_reset(qemu_plugin_id_t id)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
}

static void on_stop_reset(qemu_plugin_id_t id)
{
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
}

/* The stop address ran (its block is recorded): drop the instrumentation; QEMU runs on at full speed. */
static void on_stop(unsigned int vcpu, void *udata)
{
    if (__atomic_compare_exchange_n(&stopped, &(int){0}, 1, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        qemu_plugin_reset(plugin_id, on_stop_reset);
    }
}

/* The start address ran: record the rest of its block, then re-instrument everything. */
static void on_start(unsigned int vcpu, void *udata)
{
    const struct block_info *rest = udata;
    if (!__atomic_compare_exchange_n(&recording, &(int){0}, 1, false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        return;
    }
    __atomic_fetch_add(&inline_blocks, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&inline_insns, rest->insns, __ATOMIC_RELAXED);
    record_block(vcpu, rest->pc, rest->insns);
    /* Flushes the translation cache and drops our callbacks; on_reset adds them back. */
    qemu_plugin_reset(plugin_id, on_reset);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (!__atomic_load_n(&recording, __ATOMIC_ACQUIRE)) {
        for (size_t i = 0; i < n; i++) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            if (qemu_plugin_insn_vaddr(insn) == start_pc) {
                qemu_plugin_register_vcpu_insn_exec_cb(
                    insn, on_start, QEMU_PLUGIN_CB_NO_REGS,
                    new_block_info(start_pc, (uint32_t)(n - i)));
            }
        }
        return;
    }
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &inline_blocks, 1);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &inline_insns, n);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS,
                                         new_block_info(qemu_plugin_tb_vaddr(tb), (uint32_t)n));
    if (has_stop && !__atomic_load_n(&stopped, __ATOMIC_ACQUIRE)) {
        for (size_t i = 0; i < n; i++) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            if (qemu_plugin_insn_vaddr(insn) == stop_pc) {
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_stop, QEMU_PLUGIN_CB_NO_REGS, NULL);
            }
        }
    }
}

static void on_qemu_exit(qemu_plugin_id_t id, void *p)
{
    for (unsigned int i = 0; i < buffer_count; i++) {
        if (buffers[i].records > 0) {
            flush_buffer(i, &buffers[i]);
        }
    }
    uint8_t t[QTB_TRAILER_SIZE] = { 0 };
    pthread_mutex_lock(&write_lock);
    put_u32(t + 0, QTB_TRAILER_TAG);
    put_u64(t + 8, chunks_written);
    put_u64(t + 16, records_written);
    put_u64(t + 24, __atomic_load_n(&inline_blocks, __ATOMIC_RELAXED));
    put_u64(t + 32, __atomic_load_n(&inline_insns, __ATOMIC_RELAXED));
    put_u64(t + 40, monotonic_ns());
    put_u64(t + 48, ticks());
    write_bytes(t, sizeof t);
    if (fclose(output) != 0 && !write_failed) {
        fprintf(stderr, "qtrace-blocks: %s: closing failed: %s; the capture may be incomplete\n",
                output_path, strerror(errno));
    }
    output = NULL;
    pthread_mutex_unlock(&write_lock);
    g_autofree char *summary = g_strdup_printf(
        "qtrace-blocks: %s: %" PRIu64 " blocks recorded (%" PRIu64 " counted inline), %" PRIu64
        " instructions, %" PRIu64 " bytes\n",
        output_path, records_written, inline_blocks, inline_insns, bytes_written);
    qemu_plugin_outs(summary);
}

/* Ticks per second of the chosen clock, measured over 20 ms (informational; chunks carry exact pairs). */
static uint64_t calibrate(uint64_t *mono0, uint64_t *ticks0)
{
    *mono0 = monotonic_ns();
    *ticks0 = ticks();
    if (clock_kind == QTB_CLOCK_MONOTONIC) {
        return 1000000000u;
    }
    struct timespec pause = { 0, 20 * 1000 * 1000 };
    nanosleep(&pause, NULL);
    uint64_t mono1 = monotonic_ns();
    uint64_t ticks1 = ticks();
    return (uint64_t)((double)(ticks1 - *ticks0) * 1e9 / (double)(mono1 - *mono0));
}

static int fail(const char *message, const char *value)
{
    fprintf(stderr, "qtrace-blocks: %s%s%s\n", message, value ? ": " : "", value ? value : "");
    return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    const char *path = "qtrace-blocks.qtb";
    clock_kind = QTB_HAVE_TSC ? QTB_CLOCK_TSC : QTB_CLOCK_MONOTONIC;
    if (info->version.min > QEMU_PLUGIN_VERSION || info->version.cur < QEMU_PLUGIN_VERSION) {
        fprintf(stderr, "qtrace-blocks: built for plugin API version %d, but this QEMU accepts %d..%d;"
                " rebuild with scripts/build-plugin.sh against this QEMU's qemu-plugin.h\n",
                QEMU_PLUGIN_VERSION, info->version.min, info->version.cur);
        return -1;
    }
    if (!info->system_emulation) {
        return fail("only system emulation (qemu-system-*) is supported", NULL);
    }
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            return fail("expected NAME=VALUE (out=, start=, stop=, clock=), found", argv[i]);
        }
        const char *value = eq + 1;
        size_t name_length = (size_t)(eq - argv[i]);
        if (name_length == 3 && strncmp(argv[i], "out", 3) == 0) {
            path = value;
        } else if (name_length == 5 && strncmp(argv[i], "start", 5) == 0) {
            if (strcmp(value, "reset") == 0) {
                start_kind = QTB_START_RESET;
            } else {
                char *end;
                errno = 0;
                start_pc = strtoull(value, &end, 0);
                if (errno != 0 || end == value || *end != '\0') {
                    return fail("start= takes `reset` or a guest address such as 0x1000000, found", value);
                }
                start_kind = QTB_START_PC;
            }
        } else if (name_length == 4 && strncmp(argv[i], "stop", 4) == 0) {
            char *end;
            errno = 0;
            stop_pc = strtoull(value, &end, 0);
            if (errno != 0 || end == value || *end != '\0') {
                return fail("stop= takes a guest address such as 0x1000000, found", value);
            }
            has_stop = true;
        } else if (name_length == 5 && strncmp(argv[i], "clock", 5) == 0) {
            if (strcmp(value, "monotonic") == 0) {
                clock_kind = QTB_CLOCK_MONOTONIC;
            } else if (strcmp(value, "tsc") == 0 && QTB_HAVE_TSC) {
                clock_kind = QTB_CLOCK_TSC;
            } else {
                return fail(QTB_HAVE_TSC ? "clock= takes tsc or monotonic, found"
                                         : "clock= takes monotonic on this host (no TSC), found", value);
            }
        } else {
            return fail("unknown option (known: out=, start=, stop=, clock=)", argv[i]);
        }
    }

    output_path = g_strdup(path);
    output = fopen(output_path, "wb");
    if (output == NULL) {
        fprintf(stderr, "qtrace-blocks: %s: cannot create the output file: %s\n", output_path, strerror(errno));
        return -1;
    }

    buffer_count = (unsigned int)(info->system.max_vcpus > 0 ? info->system.max_vcpus : 1);
    buffers = g_new0(struct vcpu_buffer, buffer_count);
    for (unsigned int i = 0; i < buffer_count; i++) {
        /* "Full" with no memory: the first record allocates the buffer (lazily, for hotplug vCPUs). */
        buffers[i].length = QTB_BUFFER_BYTES;
    }

    uint64_t mono0, ticks0;
    uint64_t ticks_per_second = calibrate(&mono0, &ticks0);
    uint8_t h[QTB_HEADER_SIZE] = { 0 };
    memcpy(h, QTB_MAGIC, 8);
    put_u16(h + 8, QTB_FORMAT_VERSION);
    put_u16(h + 10, QTB_HEADER_SIZE);
    put_u32(h + 12, (uint32_t)clock_kind);
    put_u64(h + 16, mono0);
    put_u64(h + 24, ticks0);
    put_u64(h + 32, ticks_per_second);
    put_u64(h + 40, start_kind == QTB_START_PC ? start_pc : 0);
    put_u32(h + 48, (uint32_t)start_kind);
    put_u16(h + 52, QEMU_PLUGIN_VERSION);
    put_u16(h + 54, (uint16_t)info->version.cur);
    put_u32(h + 56, buffer_count);
    write_bytes(h, sizeof h);
    if (write_failed) {
        return -1;
    }

    plugin_id = id;
    recording = start_kind == QTB_START_RESET;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
    return 0;
}
