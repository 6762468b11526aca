/* What a writer of format/report.h writes for some results, as a string (free it). */
#ifndef BR_CHECK_RENDER_H
#define BR_CHECK_RENDER_H

#include <check.h>
#include <stdio.h>

#include "model/results.h"

/* noinline: inlined, gcc takes open_memstream's &buf for a pointer to the local
 * (-Wdangling-pointer) */
__attribute__((noinline, unused)) static char *
check_render(int (*fn)(FILE *, const struct br_results *), const struct br_results *r)
{
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(fn(out, r), 0);
    fclose(out);
    return buf;
}

#endif
