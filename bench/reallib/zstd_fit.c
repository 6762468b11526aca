/* zstd_fit.c - issue 29 point 5 on real code: ZSTD_decompress over sizes, a family whose
 * instances set complexity_n, as a user fits a codec's cost against its input size.
 *
 * Each instance's setup compresses N bytes of word-like text (level 3) once; the body
 * decompresses them into a buffer of N bytes.  Decompression is linear in N, so the fit should
 * say O(N) with a coefficient of a fraction of a nanosecond per byte (the issue measured
 * 0.64-0.73 ns on medians, Google Benchmark 0.64 N).  Sizes 1 KiB .. 1 MiB by 4: the largest
 * instance (1 MiB of output, 0.19 MiB compressed) outgrows this VM's 1 MiB L2.
 * Built and run by bench/reallib/zstd_fit.sh (make bench-fit). */
#include <bench.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

struct frame {
    void *packed, *out;
    size_t packed_size, size;
};

/* Text from a fixed 16-word vocabulary chosen by a xorshift generator: compresses 3:1 (1 KiB)
 * to 5.3:1 (1 MiB), so decompression both copies literals and resolves matches, as on text. */
static void fill_text(char *p, size_t n)
{
    static const char *const words[] = {"the ",  "quick ", "brown ", "fox ",   "jumps ", "over ",
                                        "a ",    "lazy ",  "dog ",   "while ", "seven ", "red ",
                                        "cats ", "sleep ", "under ", "trees\n"};
    uint64_t x = 88172645463325252u;
    size_t at = 0;
    while (at < n) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        for (const char *w = words[x & 15]; *w && at < n; w++) p[at++] = *w;
    }
}

static void make_frame(bench_t *bench)
{
    struct frame *f = calloc(1, sizeof *f);
    size_t bound = ZSTD_compressBound((size_t)bench->arg);
    char *text = malloc((size_t)bench->arg);
    if (!f || !text || !(f->packed = malloc(bound)) || !(f->out = malloc((size_t)bench->arg))) {
        fprintf(stderr, "zstd_fit: out of memory\n");
        exit(1);
    }
    f->size = (size_t)bench->arg;
    fill_text(text, f->size);
    f->packed_size = ZSTD_compress(f->packed, bound, text, f->size, 3);
    free(text);
    if (ZSTD_isError(f->packed_size)) {
        fprintf(stderr, "zstd_fit: %s\n", ZSTD_getErrorName(f->packed_size));
        exit(1);
    }
    bench->data = f;
}

static void free_frame(bench_t *bench)
{
    struct frame *f = bench->data;
    free(f->packed);
    free(f->out);
    free(f);
}

static const bench_fixture frame_fixture = {make_frame, free_frame, NULL, NULL};

BENCH_F_RANGE(zstd_decompress, frame_fixture, 1 << 10, 1 << 20, 4)
{
    struct frame *f = bench->data;
    bench->complexity_n = bench->arg;
    bench->bytes_per_op = (double)f->size;
    size_t got = ZSTD_decompress(f->out, f->size, f->packed, f->packed_size);
    if (got != f->size) {
        fprintf(stderr, "zstd_fit: decompressed %zu of %zu bytes\n", got, f->size);
        exit(1);
    }
    bench_clobber();
}
