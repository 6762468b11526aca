/* values.h - what one sample reports, by name: the vector a session fills (session.h), RESULT
 * carries (protocol.h) and the controller maps back by the names READY sent (worker.h).
 */
#ifndef BR_VALUES_H
#define BR_VALUES_H

/* What every sample reports, in this order: the time and the other meters per operation (or
 * per batch, for counts), then what the body declared, then what an instruction counter
 * counted per operation, then the body's problem size.  READY names them, then the user
 * counters (user_counters.h), whose values follow these in RESULT; a value the session did not
 * measure is NAN (the times when counting instructions, the counts when timing). */
enum {
    BR_VALUE_NS,
    BR_VALUE_CPU_NS,
    BR_VALUE_SWITCHES,
    BR_VALUE_WAITS,
    BR_VALUE_BYTES_PER_OP,
    BR_VALUE_ITEMS_PER_OP,
    BR_VALUE_MAX_RSS_KIB,
    BR_VALUE_INSTRUCTIONS,
    BR_VALUE_L1_MISSES,
    BR_VALUE_LL_MISSES,
    BR_VALUE_EST_CYCLES,
    BR_VALUE_COMPLEXITY_N,  /* bench->complexity_n after the batch (thread 0's) */
    BR_VALUE_COUNTERS_LATE, /* 1: a counter was set for the first time after READY */
    BR_NVALUES
};
extern const char *const br_value_names[BR_NVALUES];

#endif
