#!/usr/bin/env python3
"""bench/memory/report.py DIR ROUNDS - the table of bench/memory/run.sh: for each benchmark of
the example suite, the ratio of its median time between two programs, per round; printed as
the median over rounds [lowest .. highest].  plain2/plain is the run-to-run noise.  Then the
load average seen at the start of each round."""
import csv
import math
import statistics
import sys

PAIRS = [("counted", "plain"), ("nomem", "plain"), ("counted", "nomem"), ("plain2", "plain")]


def medians(path):
    with open(path) as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["name"]: float(r["median_ns"]) for r in rows}


def cell(values):
    return "%.3f [%.3f .. %.3f]" % (statistics.median(values), min(values), max(values))


def main():
    d, rounds = sys.argv[1], int(sys.argv[2])
    runs = {(p, r): medians("%s/%s.%d.csv" % (d, p, r))
            for p in ("counted", "nomem", "plain", "plain2") for r in range(1, rounds + 1)}
    names = sorted(runs[("plain", 1)])
    ratios = {}
    for a, b in PAIRS:
        for n in names:
            ratios[(a, b, n)] = [runs[(a, r)][n] / runs[(b, r)][n] for r in range(1, rounds + 1)]
    print("| benchmark | " + " | ".join("%s / %s" % p for p in PAIRS) + " |")
    print("| --- |" + " --- |" * len(PAIRS))
    for n in names:
        print("| %s | " % n + " | ".join(cell(ratios[(a, b, n)]) for a, b in PAIRS) + " |")
    geo = []
    for a, b in PAIRS:
        per_round = [math.exp(statistics.mean(math.log(ratios[(a, b, n)][r]) for n in names))
                     for r in range(rounds)]
        geo.append(cell(per_round))
    print("| geomean of all %d | " % len(names) + " | ".join(geo) + " |")
    with open("%s/load" % d) as f:
        loads = [float(x) for x in f.read().split()]
    print("\nload average (1 min) at the start of the rounds: %.2f .. %.2f" % (min(loads), max(loads)))


main()
