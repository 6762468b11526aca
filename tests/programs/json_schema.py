"""json_schema.py - checks that a file follows Google Benchmark's JSON schema (GB 1.7.1).

    json_schema.py validate FILE...     structure, types, statistics, compare.py's loading
    json_schema.py same-shape OURS GB   our entries have GB's keys, in GB's order, GB's types
    json_schema.py compare A B          compare.py's difference report matches every benchmark
    json_schema.py same-benchmarks A B  the two files hold the same benchmarks array
    json_schema.py context-has F KEY S  context[KEY] of F contains the text S
    json_schema.py run-names F NAME...  F's run_names are exactly NAME...

The rules come from what GB writes (json_reporter.cc, statistics.cc) and what its
tools/compare.py reads (tools/gbench/util.py: load_benchmark_results, sort_benchmark_results;
tools/gbench/report.py: partition_benchmarks, get_difference_report, calculate_geomean).
compare.py is not installed here, so its loading steps are restated below, each citing the
function it stands for.  Exits 1 with one line per problem.
"""
import json
import math
import re
import statistics
import sys

CONTEXT_TYPES = {  # json_reporter.cc, ReportContext
    "date": str, "host_name": str, "executable": str, "num_cpus": int, "mhz_per_cpu": int,
    "cpu_scaling_enabled": bool, "caches": list, "load_avg": list, "library_build_type": str,
}
CACHE_TYPES = {"type": str, "level": int, "size": int, "num_sharing": int}
ITERATION_KEYS = ["name", "family_index", "per_family_instance_index", "run_name", "run_type",
                  "repetitions", "repetition_index", "threads", "iterations", "real_time",
                  "cpu_time", "time_unit"]
AGGREGATE_KEYS = ["name", "family_index", "per_family_instance_index", "run_name", "run_type",
                  "repetitions", "threads", "aggregate_name", "aggregate_unit", "iterations",
                  "real_time", "cpu_time", "time_unit"]
AGGREGATES = [("mean", "time"), ("median", "time"), ("stddev", "time"), ("cv", "percentage")]
TIME_UNITS = {"ns", "us", "ms", "s"}  # report.py, _TIME_UNIT_TO_SECONDS_MULTIPLIER
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def has_type(v, t):
    if t is int:
        return is_int(v)
    if t is float:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    return isinstance(v, t)


def check_context(where, ctx):
    for key, t in CONTEXT_TYPES.items():
        if not has_type(ctx.get(key), t):
            problem(where, "context.%s missing or not %s" % (key, t.__name__))
    if isinstance(ctx.get("date"), str) and not DATE.match(ctx["date"]):
        problem(where, "context.date %r is not GB's ISO 8601 form" % ctx["date"])
    for c in ctx.get("caches") or []:
        for key, t in CACHE_TYPES.items():
            if not has_type(c.get(key), t):
                problem(where, "cache entry without an integer/string %s" % key)
    for v in ctx.get("load_avg") or []:
        if not has_type(v, float):
            problem(where, "load_avg holds a non-number")


def check_entry_keys(where, e):
    base = ITERATION_KEYS if e.get("run_type") == "iteration" else AGGREGATE_KEYS
    keys = list(e.keys())
    if keys[:len(base)] != base:
        problem(where, "keys %s, GB writes %s" % (keys, base))
    extra = keys[len(base):]
    # Counters follow in GB's std::map order (sorted); ours (cpu_ns, ...) are counters too.
    if extra != sorted(extra) or set(extra) & set(base):
        problem(where, "trailing keys %s are not counters in std::map order" % extra)
    for key in ("family_index", "per_family_instance_index", "repetitions", "threads",
                "iterations") + (("repetition_index",) if e.get("run_type") == "iteration" else ()):
        if not is_int(e.get(key)):
            problem(where, "%s is not an integer" % key)
    for key in ["real_time", "cpu_time"] + extra:
        if not has_type(e.get(key), float):
            problem(where, "%s is not a finite number" % key)
    if e.get("time_unit") not in TIME_UNITS:
        problem(where, "time_unit %r" % e.get("time_unit"))


def a_counters(entry):
    """The counters of an entry: every key after the fixed ones."""
    base = ITERATION_KEYS if entry.get("run_type") == "iteration" else AGGREGATE_KEYS
    return list(entry.keys())[len(base):]


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)


def check_aggregates(where, its, aggs):
    """GB's statistics.cc: mean, median, sample stddev (n - 1), cv = stddev / mean, each over
    the repetitions' values, for the times and for every counter."""
    n = len(its)
    if n < 2:
        if aggs:
            problem(where, "aggregates for a single repetition (GB writes none)")
        return
    names = [(a.get("aggregate_name"), a.get("aggregate_unit")) for a in aggs]
    if names != AGGREGATES:
        problem(where, "aggregates %s, GB writes %s" % (names, AGGREGATES))
        return
    for a in aggs:
        run_name = a["run_name"]
        if a["name"] != run_name + "_" + a["aggregate_name"] or a["iterations"] != n:
            problem(where, "aggregate %s: name or iterations unlike GB's" % a["name"])
        for key in ["real_time", "cpu_time"] + a_counters(a):
            xs = [e[key] for e in its]
            mean, sd = statistics.mean(xs), statistics.stdev(xs)
            want = {"mean": mean, "median": statistics.median(xs), "stddev": sd,
                    "cv": sd / mean if mean else 0.0}[a["aggregate_name"]]
            if not close(a[key], want):
                problem(where, "%s %s = %r, expected %r" % (a["name"], key, a[key], want))


def check_runs(where, benchmarks):
    """Entries of one run_name: `repetitions` iteration entries with repetition_index
    0..n-1 in order, then the aggregates."""
    runs = {}
    for e in benchmarks:
        runs.setdefault(e.get("run_name"), []).append(e)
    for run_name, entries in runs.items():
        its = [e for e in entries if e.get("run_type") == "iteration"]
        aggs = [e for e in entries if e.get("run_type") == "aggregate"]
        if len(its) + len(aggs) != len(entries) or not its:
            problem(where, "%s: run_type other than iteration/aggregate, or no iteration"
                    % run_name)
            continue
        if entries[:len(its)] != its:
            problem(where, "%s: aggregates before iterations" % run_name)
        if [e["repetition_index"] for e in its] != list(range(len(its))):
            problem(where, "%s: repetition_index not 0..%d" % (run_name, len(its) - 1))
        if any(e["repetitions"] != len(its) or e["name"] != run_name for e in its):
            problem(where, "%s: repetitions or name disagree with the entries" % run_name)
        if any(e["iterations"] <= 0 or e["real_time"] <= 0 for e in its):
            problem(where, "%s: an iteration entry without iterations or time" % run_name)
        check_aggregates(where + ": " + run_name, its, aggs)


def check_families(where, benchmarks):
    """Entries of one family share family_index; instances are numbered within it."""
    seen = {}
    for e in benchmarks:
        key = (e["family_index"], e["per_family_instance_index"])
        if seen.setdefault(key, e["run_name"]) != e["run_name"]:
            problem(where, "two runs share family/instance index %s" % (key,))


def compare_py_load(where, doc):
    """What compare.py does with a file before comparing it (util.py, report.py)."""
    bench = doc["benchmarks"]
    # util.load_benchmark_results: the filter reads run_name (or name) of every entry.
    for e in bench:
        if not isinstance(e.get("run_name") or e.get("name"), str):
            problem(where, "entry without run_name/name")
    # util.sort_benchmark_results: sorts on these keys (ints) and run_type.
    try:
        sorted(bench, key=lambda e: (e.get("family_index", -1),
                                     e.get("per_family_instance_index", -1),
                                     1 if e.get("run_type") == "aggregate" else 0,
                                     e.get("repetition_index", -1)))
    except TypeError as err:
        problem(where, "util.sort_benchmark_results would fail: %s" % err)
    # report.calculate_geomean: real and cpu time of non-aggregates, in seconds, positive.
    for e in bench:
        if e.get("run_type") != "aggregate" and not (e["real_time"] > 0 and e["cpu_time"] > 0):
            problem(where, "%s: time not positive (geomean)" % e["name"])


def load(path):
    with open(path) as f:
        return json.load(f)


def validate(path):
    try:
        doc = load(path)
    except (OSError, ValueError) as err:
        problem(path, "not JSON: %s" % err)
        return
    if list(doc.keys()) != ["context", "benchmarks"] or not isinstance(doc["benchmarks"], list):
        problem(path, "top level must be {context, benchmarks: []}")
        return
    if not doc["benchmarks"]:
        problem(path, "no benchmarks")
    check_context(path, doc["context"])
    before = len(problems)
    for i, e in enumerate(doc["benchmarks"]):
        check_entry_keys("%s: benchmarks[%d]" % (path, i), e)
    if len(problems) == before:
        check_runs(path, doc["benchmarks"])
        check_families(path, doc["benchmarks"])
        compare_py_load(path, doc)


def shape(doc):
    """Every distinct entry layout: (run_type, [(key, type name)...]); context key types."""
    def tname(v):
        return "int" if is_int(v) else type(v).__name__
    entries = {(e["run_type"], tuple((k, tname(v)) for k, v in e.items()))
               for e in doc["benchmarks"]}
    ctx = {k: tname(doc["context"][k]) for k in CONTEXT_TYPES}
    return entries, ctx


def same_shape(ours_path, gb_path):
    ours, gb = shape(load(ours_path)), shape(load(gb_path))
    for layout in sorted(gb[0] ^ ours[0]):
        problem(ours_path, "entry layout only in %s: %s"
                % ("GB's file" if layout in gb[0] else "ours", layout))
    if ours[1] != gb[1]:
        problem(ours_path, "context types %s, GB's %s" % (ours[1], gb[1]))


def compare(a_path, b_path):
    """report.get_difference_report: entries grouped by name across the two files
    (partition_benchmarks), each needing time_unit, real_time and cpu_time
    (is_potentially_comparable_benchmark); every name must find its partner."""
    a, b = load(a_path), load(b_path)
    names_a = list(dict.fromkeys(e["name"] for e in a["benchmarks"]))
    names_b = set(e["name"] for e in b["benchmarks"])
    if not names_a or set(names_a) != names_b:
        problem(a_path, "names differ from %s: %s" % (b_path, set(names_a) ^ names_b))
    for name in names_a:
        lhs = [e for e in a["benchmarks"] if e["name"] == name]
        rhs = [e for e in b["benchmarks"] if e["name"] == name]
        if not rhs or lhs[0]["time_unit"] != rhs[0]["time_unit"]:
            problem(a_path, "%s: no comparable partner" % name)
            continue
        for x, y in zip(lhs, rhs):
            change = (y["real_time"] - x["real_time"]) / abs(x["real_time"]) \
                if x["real_time"] else 0.0
            if not math.isfinite(change):
                problem(a_path, "%s: change not finite" % name)


def same_benchmarks(a_path, b_path):
    if load(a_path)["benchmarks"] != load(b_path)["benchmarks"]:
        problem(a_path, "benchmarks differ from %s" % b_path)


def context_has(path, key, text):
    value = load(path)["context"].get(key)
    if not isinstance(value, str) or text not in value:
        problem(path, "context.%s = %r does not contain %r" % (key, value, text))


def run_names(path, names):
    found = set(e["run_name"] for e in load(path)["benchmarks"])
    if found != set(names):
        problem(path, "run_names %s, expected %s" % (sorted(found), sorted(names)))


COMMANDS = {  # name: (function, number of arguments; None: one or more)
    "validate": (lambda *paths: [validate(p) for p in paths], None),
    "same-shape": (same_shape, 2),
    "compare": (compare, 2),
    "same-benchmarks": (same_benchmarks, 2),
    "context-has": (context_has, 3),
    "run-names": (lambda path, *names: run_names(path, names), None),
}


def main(argv):
    fn, nargs = COMMANDS.get(argv[1] if len(argv) > 1 else "", (None, 0))
    if fn and (len(argv) - 2 == nargs or (nargs is None and len(argv) > 2)):
        fn(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
