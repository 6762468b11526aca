#!/usr/bin/env python3
"""The expected values of tests/unit/check_shard.c, computed independently of src/model/shard.c.

FNV-1a 64 (Fowler, Noll, Vo) and the jump consistent hash as printed in Lamping & Veach, "A
Fast, Minimal Memory, Consistent Hash Algorithm" (2014), transcribed here from those sources;
the digest and plan texts as model/shard.h states them.  Run once, by hand: the test holds the
numbers it printed, and does not run it.
"""
M = 2**64
OFFSET = 0xCBF29CE484222325


def fnv1a(h, data):
    for c in data:
        h = ((h ^ c) * 0x100000001B3) % M
    return h


def jump(key, buckets):
    b, j = -1, 0
    while j < buckets:
        b = j
        key = (key * 2862933555777941757 + 1) % M
        j = int(float(b + 1) * (float(1 << 31) / float((key >> 33) + 1)))
    return b


def shard(name, n):
    """1-based shard of `name` among n."""
    return jump(fnv1a(OFFSET, name.encode()), n) + 1


def digest(names):
    h = OFFSET
    for s in names:
        h = fnv1a(fnv1a(h, s.encode()), b"\n")
    return h


def plan(names, shards):
    h = OFFSET
    for s, k in zip(names, shards):
        h = fnv1a(fnv1a(h, s.encode()), b" %d\n" % k)
    return h


for name, n in [("add", 3), ("kib_touch", 3), ("chain/64", 3), ("chain/128", 3),
                ("nap_200us", 3), ("strlen_short", 1), ("strlen_short", 2),
                ("strlen_short", 7), ("memcpy/4096", 16)]:
    print(f"{name} over {n}: shard {shard(name, n)}")
print("aaa_new_benchmark over 2..9:", [shard("aaa_new_benchmark", n) for n in range(2, 10)])
names = ["a", "b", "c", "d", "e", "new"]
by_time = [2, 1, 2, 2, 1, shard("new", 2)]  # longest first, worked by hand in the test
by_name = [shard(s, 2) for s in names]
print("new over 2:", shard("new", 2))
print("digest of a..e, new: %016x" % digest(names))
print("plan by time %s: %016x" % (by_time, plan(names, by_time)))
print("plan by name %s: %016x" % (by_name, plan(names, by_name)))
