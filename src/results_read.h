/* results_read.h - reading results files back: our CSV contract and Google Benchmark JSON.
 *
 * Shared by benchcmp and anything else that reads results (and fuzzed in tests/fuzz/).
 * Accepts CRLF line endings, a UTF-8 byte-order mark, extra columns and columns in any order
 * (found by header name).  Rejects, with a one-line message naming the file and line: a missing
 * or unreadable file, a directory, an empty file, a header without the needed columns,
 * non-numeric, non-finite or negative times, a sample count different from `repetitions`,
 * duplicate names, an unterminated quote, binary data and absurdly long lines.
 */
#ifndef BR_RESULTS_READ_H
#define BR_RESULTS_READ_H

#include <stddef.h>

#include "results.h"

/* Reads `path` (format detected from its content) into `out` (initialised by the call).
 * Returns 0, or -1 with br_error("PATH:LINE: ...") and `out` released. */
int br_results_read(const char *path, struct br_results *out);
/* The same from memory; `name` is used in messages.  Never reads past buf[len]. */
int br_results_parse(const char *name, const char *buf, size_t len, struct br_results *out);

#endif
