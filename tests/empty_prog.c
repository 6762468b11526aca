/* A program linked with libbenchrun but without any BENCH() block: the situation of blocks
 * left in a static archive that the linker dropped.  benchrun must say so and exit 2. */
#include <bench.h>

extern int empty_prog_marker;
int empty_prog_marker;
