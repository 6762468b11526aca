/* compare.c - (issue 3: to be implemented) */
#include "compare.h"
