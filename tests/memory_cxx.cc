// memory_cxx.cc - C++ bodies whose allocations are known: operator new and delete reach the
// counted malloc and free through libstdc++'s PLT (tests/memory.sh checks the counts).
#include <bench.h>

#include <memory>
#include <string>
#include <vector>

// One allocation of 100 ints: 1 alloc/op, 400 B/op, nothing retained.
BENCH(vector_int_100)
{
    std::vector<int> v(100);
    bench_keep(v.data());
}

// new and delete of one object, and of an array.
BENCH(new_delete)
{
    int *one = new int(7);
    double *many = new double[16];
    bench_keep(one);
    bench_keep(many);
    delete one;
    delete[] many;
}

// A string too long for the small-string buffer: one allocation of 40 characters + NUL.
BENCH(string_40)
{
    std::string s(40, 'x');
    bench_keep(s.data());
}

// new without delete: 24 B/op retained, a leak named at this line.
struct node {
    node *next;
    long a, b;
};
BENCH(new_leak)
{
    node *n = new node(); // LEAK-LINE
    bench_keep(n);
}
