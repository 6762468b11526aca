/* Strings: length, search, formatting. */
#include <bench.h>
#include <stdio.h>
#include <string.h>

static const char sentence[] = "The quick brown fox jumps over the lazy dog, again and again.";

BENCH(strlen_61)
{
    const char *s = sentence;
    bench_hide(s);
    bench_keep(strlen(s));
}

BENCH(strchr_miss)
{
    const char *s = sentence;
    bench_hide(s);
    bench_keep(strchr(s, '#'));
}

BENCH(strstr_word)
{
    const char *s = sentence;
    bench_hide(s);
    bench_keep(strstr(s, "lazy"));
}

BENCH(snprintf_int)
{
    char buf[32];
    int v = (int)bench_i;
    snprintf(buf, sizeof buf, "%d", v);
    bench_keep(buf[0]);
}
