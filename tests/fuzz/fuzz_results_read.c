/* libFuzzer target for the results-file reader (our CSV, Google Benchmark and hyperfine JSON,
 * and the table that tells them apart), the one piece of benchrun that reads files other
 * programs wrote.  Built and run by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined);
 * the seed corpus is tests/fuzz/corpus/, and every input that ever crashed it is kept there. */
#include <stddef.h>
#include <stdint.h>

#include "model/results.h"
#include "format/results_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct br_results r;
    if (br_results_parse("fuzz", (const char *)data, size, &r) == 0) {
        /* A file that parses must satisfy the model's invariants. */
        for (size_t i = 0; i < r.nrows; i++) {
            const struct br_row *row = &r.rows[i];
            if (row->nsamples == 0 || !(row->summary.min <= row->summary.max)) __builtin_trap();
            if (row->median_only && row->nsamples != 1) __builtin_trap();
            for (size_t k = 0; k < row->nsamples; k++)
                if (!(row->samples[k] >= 0)) __builtin_trap();
        }
        br_results_release(&r);
    }
    return 0;
}
