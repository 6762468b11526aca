/* values.c - the names of a sample's values (see values.h). */
#include "run/values.h"

const char *const br_value_names[BR_NVALUES] = {
    "ns",           "cpu_ns",       "involuntary_switches", "voluntary_switches", "bytes_per_op",
    "items_per_op", "max_rss_kib",  "instructions",         "l1_misses",          "ll_misses",
    "est_cycles",   "complexity_n", "counters_late"};
