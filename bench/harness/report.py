#!/usr/bin/env python3
"""Turns bench/harness/run.sh's measurements into one table, targets marked met or not.

Definitions (issue 5):
  median      median over rounds of each run's median (ns per operation)
  ratio       ours / Google Benchmark's, from the same rounds, interleaved
  spread      (max - min) / min of the per-run medians, over the rounds
  wall        seconds for a whole default run of the compute snippets
"""
import csv, json, os, statistics, sys

d, rounds = sys.argv[1], int(sys.argv[2])
COMPUTE = ["empty_body", "empty_call", "strlen_64", "memcpy_4k", "mul_chain_1024",
           "mul_chain_2048", "fnv1a_1k", "qsort_256"]


def read_csv(path):
    with open(path, newline="") as f:
        rows = csv.DictReader(l for l in f if not l.startswith("#"))
        return {r["name"]: float(r["median_ns"]) for r in rows}


def read_gb(path):
    with open(path) as f:
        runs = json.load(f)["benchmarks"]
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    reps = {}
    for b in runs:
        if b.get("run_type") == "iteration":
            reps.setdefault(b["run_name"], []).append(b["real_time"] * scale[b["time_unit"]])
    return {k: statistics.median(v) for k, v in reps.items()}


def spread(v):
    return (max(v) - min(v)) / min(v) if len(v) > 1 and min(v) > 0 else 0.0


wall = dict(l.split() for l in open(os.path.join(d, "wall")))
wall = {k: float(v) for k, v in wall.items()}
ours = [read_csv(os.path.join(d, "native_%d.csv" % r)) for r in range(1, rounds + 1)]
gb = [read_gb(os.path.join(d, "gb_%d.json" % r)) for r in range(1, rounds + 1)]

met = {}
print("| snippet | benchrun median | GB median | ratio | benchrun spread | GB spread |"
      " matched ratio (median of 5 pairs) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in COMPUTE:
    o = [run[name] for run in ours]
    g = [run[name] for run in gb]
    om, gm = statistics.median(o), statistics.median(g)
    # GB's empty loop is deleted by the compiler (0 ns): no ratio to speak of.
    ratio = om / gm if gm > 0.01 else float("nan")
    so, sg = spread(o), spread(g)
    matched = float("nan")
    if name != "empty_body":
        pairs = [read_csv(os.path.join(d, "m_%s_%d.csv" % (name, k)))[name] /
                 read_gb(os.path.join(d, "m_gb_%s_%d.json" % (name, k)))[name] for k in range(1, 6)]
        matched = statistics.median(pairs)
    fmt = lambda v: "n/a" if v != v else "%.3f" % v
    print("| %s | %.3f ns | %.3f ns | %s | %.2f %% | %.2f %% | %s |"
          % (name, om, gm, fmt(ratio), 100 * so, 100 * sg, fmt(matched)))
    print("|  | per run: %s | %s | | | | |" % (" ".join("%.4g" % v for v in o),
                                                " ".join("%.4g" % v for v in g)))
    if name not in ("empty_body", "empty_call"):
        met.setdefault("accuracy: within 2 % of GB, same machine state", []).append(abs(matched - 1) <= 0.02)
        met.setdefault("stability: spread <= GB's and < 2 %", []).append(so <= sg and so < 0.02)
        met.setdefault("stability: spread < 2 % (pure compute)", []).append(so < 0.02)
    if name == "empty_call":
        met["overhead: empty call ratio <= 1.05 (same state)"] = [matched <= 1.05]
    if name == "empty_body":
        met["overhead: empty body < 0.5 ns"] = [om < 0.5]

lazy = sorted(read_csv(os.path.join(d, "m_lazy_chain_100_%d.csv" % k))["lazy_chain_100"] /
              read_gb(os.path.join(d, "m_gb_lazy_chain_100_%d.json" % k))["lazy_chain_100"]
              for k in range(1, 6))
print("\nlazy_chain_100 (first call 0.4 s slow), benchrun / GB in 5 matched pairs: %.3f (%.3f-%.3f)"
      % (lazy[2], lazy[0], lazy[4]))
met["calibration: a slow first call within 3 % of GB"] = [abs(lazy[2] - 1) <= 0.03]

aa = [read_csv(os.path.join(d, "aa_%d.csv" % r)) for r in (1, 2, 3)]
print("\nback-to-back spread (the three A/A runs, ~10 s apart): %s" % ", ".join(
    "%s %.2f %%" % (n, 100 * spread([run[n] for run in aa])) for n in COMPUTE))

c256 = statistics.median(run["mul_chain_1024"] for run in ours)
c512 = statistics.median(run["mul_chain_2048"] for run in ours)
print("\nmul_chain_2048 / mul_chain_1024 (benchrun): %.4f" % (c512 / c256))
met["linearity: 2N chain = 2.00x within 2 %"] = [abs(c512 / c256 - 2) <= 0.04]

nw = [wall["native_%d" % r] for r in range(1, rounds + 1)]
gw = [wall["gb_%d" % r] for r in range(1, rounds + 1)]
print("wall time per whole run: benchrun %.2f s (%.2f-%.2f), Google Benchmark %.2f s (%.2f-%.2f),"
      " ratio %.3f" % (statistics.median(nw), min(nw), max(nw), statistics.median(gw), min(gw),
                       max(gw), statistics.median(nw) / statistics.median(gw)))
met["time to result: <= 1/10 of GB's"] = [statistics.median(nw) <= statistics.median(gw) / 10]

rc = dict(l.split() for l in open(os.path.join(d, "cmp_rc")))
aa = {k: v for k, v in rc.items() if k.startswith("aa_")}
print("A/A benchcmp exit codes: %s" % ", ".join("%s=%s" % kv for kv in sorted(aa.items())))
alarms = []
for k in aa:
    with open(os.path.join(d, k + ".csv"), newline="") as f:
        alarms += [r["name"] for r in csv.DictReader(f) if r["verdict"] in ("regression", "improvement")]
met["CI loop: A/A raises no alarm"] = [all(v == "0" for v in aa.values()) and not alarms]
with open(os.path.join(d, "ab_cmp.csv"), newline="") as f:
    flagged = sorted(r["name"] for r in csv.DictReader(f) if r["verdict"] == "regression")
print("A/B (mul_chain_2048, qsort_256 doubled): benchcmp exit %s, regressions flagged: %s"
      % (rc["ab"], ", ".join(flagged) or "none"))
met["CI loop: A/B flags exactly the doubled"] = [flagged == ["mul_chain_2048", "qsort_256"] and rc["ab"] == "1"]

s1 = read_csv(os.path.join(d, "sleep_1ms.csv"))["sleep_1ms"]
s500 = read_csv(os.path.join(d, "sleep_500ms.csv"))["sleep_500ms"]
print("sleep_1ms: %.3f ms in %.2f s wall; sleep_500ms: %.1f ms in %.2f s wall"
      % (s1 / 1e6, wall["sleep_1ms"], s500 / 1e6, wall["sleep_500ms"]))
met["slow: 1 ms sleep ~1.0x ms within 3 s"] = [1e6 <= s1 <= 1.1e6 and wall["sleep_1ms"] <= 3]
met["slow: 0.5 s sleep within 10 s"] = [5e8 <= s500 <= 5.5e8 and wall["sleep_500ms"] <= 10]

print("\n| target | met |")
print("| --- | --- |")
for k, v in met.items():
    print("| %s | %s |" % (k, "yes" if all(v) else "NO (%d/%d)" % (sum(v), len(v))))
