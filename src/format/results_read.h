/* results_read.h - reading results files back: our CSV contract, Google Benchmark JSON and
 * hyperfine JSON, told apart by their content (a table of formats in results_read.c, one
 * reader file per format).
 *
 * Shared by benchcmp and anything else that reads results (and fuzzed in tests/fuzz/).
 * Accepts CRLF line endings, a UTF-8 byte-order mark, extra columns and columns in any order
 * (found by header name), and JSON of any layout.  Rejects, with a one-line message naming the
 * file and line: a missing or unreadable file, a directory, an empty file, a file of no known
 * format (the message lists the formats read), a header without the needed columns,
 * non-numeric, non-finite or negative times, a sample count different from `repetitions`,
 * duplicate names, an unterminated quote, invalid JSON, binary data, absurdly long CSV
 * lines, and a CSV header without rows (unless the file is a shard of a run, model/shard.h,
 * that declares `rows: 0`).
 *
 * The input must be UTF-8 text without control characters other than tab, CR and LF and no
 * more than BR_READ_MAX_FILE bytes in all; a CSV file has no line longer than
 * BR_READ_MAX_LINE bytes.  The summary columns of a CSV file (min_ns, median_ns, ...) are
 * recomputed from samples_ns, which is the data; they are not read.
 *
 * Google Benchmark JSON (results_read_gbench.c): the iteration rows of one run_name (one per
 * repetition) become the samples of one benchmark, real_time converted from time_unit to ns
 * (it is already per iteration); aggregate rows are ignored, except the median of a file of
 * aggregates only (a median_only row); rows with error_occurred become "failed" context lines.
 *
 * hyperfine JSON (results_read_hyperfine.c): each result is a benchmark named by its command,
 * its times are the samples; failed runs become "failed" context lines.
 *
 * Memory: the file, plus the model and a few bytes per JSON row; no copy of the text.
 */
#ifndef BR_RESULTS_READ_H
#define BR_RESULTS_READ_H

#include <stddef.h>

#include "base/error.h"
#include "model/results.h"

/* A results file of 10,000 benchmarks with 100 samples each is about 20 MiB; anything past
 * 256 MiB is not a results file and is refused before it is read into memory. */
#define BR_READ_MAX_FILE ((size_t)256 << 20)
/* The longest CSV row benchrun can write: --repetitions 100000 samples of up to 24 characters
 * ("1.2345678901234567e+300;") is 2.4 MB; 4 MiB leaves room and still stops a runaway line.
 * JSON has no such cap: a compact file (jq -c, Python's json.dump) is one line. */
#define BR_READ_MAX_LINE ((size_t)4 << 20)

/* Reads `path` (format detected from its content) into `out` (initialised by the call).
 * Returns 0, or -1 with br_error("PATH:LINE: ...") and `out` released. */
int br_results_read(const char *path, struct br_results *out);
/* The same from memory; `name` is used in messages.  Never reads past buf[len]. */
int br_results_parse(const char *name, const char *buf, size_t len, struct br_results *out);
/* br_results_read, but a benchrun CSV file of a run whose every benchmark failed (a header,
 * "failed" context lines, no rows) is read, without rows, where br_results_read refuses it:
 * for ctimeit, which reads back the run it started and reports each failure.  A file without
 * rows or failures is still refused. */
int br_results_read_failed_run(const char *path, struct br_results *out);

/* ---- shared by the readers (results_read*.c), not for other callers --------------------- */

/* br_error("NAME:LINE: ...") and -1. */
int br_read_fail(const char *name, size_t line, const char *fmt, ...) BR_PRINTF(3, 4);
/* At a line ending ("\r\n", "\n" or a lone "\r"): steps over it and counts the line. */
const char *br_read_eol(const char *p, const char *end, size_t *line);
/* Our CSV results file (report_csv.c). */
int br_is_csv(const char *buf, size_t len);
int br_read_csv(const char *name, const char *buf, size_t len, struct br_results *out);
/* br_read_csv; with `failed_run`, a run whose every benchmark failed is read without rows. */
int br_read_csv_run(const char *name, const char *buf, size_t len, int failed_run,
                    struct br_results *out);
/* Refuses a repeated name: "NAME:LINE: duplicate benchmark name ..." with lines[i] the line
 * of r->rows[i]. */
int br_read_check_unique(const char *name, const struct br_results *r, const size_t *lines);

/* The formats (one file each): br_is_X tells by content whether buf is one, br_read_X reads
 * it into `out` (initialised) once buf has passed the text checks. */
int br_is_gbench(const char *buf, size_t len);
int br_read_gbench(const char *name, const char *buf, size_t len, struct br_results *out);
int br_is_hyperfine(const char *buf, size_t len);
int br_read_hyperfine(const char *name, const char *buf, size_t len, struct br_results *out);

#endif
