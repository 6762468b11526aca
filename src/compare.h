/* compare.h - matching two results and giving verdicts (issue 3: to be implemented). */
#ifndef BR_COMPARE_H
#define BR_COMPARE_H
#endif
