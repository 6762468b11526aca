/* report.h - the writers of a br_results: one file per format.
 *
 * Each writes to a stdio stream and returns 0, or -1 with br_error() when the stream failed.
 */
#ifndef BR_REPORT_H
#define BR_REPORT_H

#include <stdio.h>

#include "model/results.h"

/* Console: an aligned table, times in adaptive units (ns to s). */
struct br_console_opts {
    int color; /* ANSI colours (only when stdout is a terminal) */
};
int br_report_console(FILE *out, const struct br_results *r, const struct br_console_opts *o);

/* The results file: `# key: value` context lines, then the RFC 4180 CSV table. */
int br_report_csv(FILE *out, const struct br_results *r);
/* Quotes a CSV field when it holds a comma, quote, CR or LF (RFC 4180). */
void br_csv_put_field(FILE *out, const char *s);

/* Google Benchmark's JSON schema: context object, iteration rows, aggregate rows. */
int br_report_json(FILE *out, const struct br_results *r);

/* Formats ns as "12.3 ns", "4.56 us", "7.89 ms", "1.23 s" into buf. */
const char *br_format_time(double ns, char *buf, size_t size);
/* A sample's value in the unit of measure m: a time as br_format_time, a count as
 * "20.00 instr", "30123 instr", "4.567 M instr". */
const char *br_format_amount(const struct br_measure_def *m, double v, char *buf, size_t size);

#endif
