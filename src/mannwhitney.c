/* mannwhitney.c - (issue 3: to be implemented) */
#include "mannwhitney.h"
