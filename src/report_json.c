/* report_json.c - Google Benchmark JSON (issue 4: to be implemented). */
#include "report.h"

#include "error.h"

int br_report_json(FILE *out, const struct br_results *r)
{
    (void)out;
    (void)r;
    return br_error("--format json: not implemented yet");
}
