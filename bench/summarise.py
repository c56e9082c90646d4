#!/usr/bin/env python3
"""Medians and targets of a bench/compare.sh results file (one JSON object a line).

Prints a markdown table of medians per configuration, the targets against the
synchronous ceiling with PASS/FAIL (each a median of per-round ratios: a round's
configurations run back to back, so the machine's drift disturbs them least),
the per-round table, and the earlier absolute targets. Exit status: 0 when no
target failed (targets that need our trainer read n/a while it is absent), 1
when one failed, 2 on unreadable input.
"""

import json
import statistics
import sys

CONFIGS = ["pytorch-1", "pytorch-2", "sync-1", "sync-2", "ours-1", "ours-2"]
BUSY_WARNING_PERCENT = 10


def load(path):
    runs = []
    try:
        with open(path) as f:
            for line in f:
                if line.strip():
                    runs.append(json.loads(line))
    except (OSError, ValueError) as e:
        print(f"summarise.py: {path}: {e}", file=sys.stderr)
        sys.exit(2)
    return runs


def median_of(runs, key):
    values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else None


def max_of(runs, key):
    values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
    return max(values) if values else None


def fmt(value, spec):
    return "—" if value is None else format(value, spec)


def table(by_config):
    rows = [
        "| configuration | runs | train samples/s | epoch s | eval samples/s | eval batch "
        "| test accuracy | peak RSS MB | alloc B/sample | FMA peak fraction | kernel alone samples/s "
        "| pipeline efficiency | others' CPU % before / during (max) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for config in CONFIGS:
        runs = by_config.get(config, [])
        if not runs:
            rows.append(f"| {config} | 0 | not available | | | | | | | | | | |")
            continue
        train = median_of(runs, "train_samples_per_second")
        epoch = median_of(runs, "epoch_seconds")
        if epoch is None and train:
            samples = median_of(runs, "train_samples") or 60000
            epoch = samples / train
        batches = [r["eval_batch"] for r in runs if "eval_batch" in r]
        eval_batch = statistics.mode(batches) if batches else None
        rows.append(
            f"| {config} | {len(runs)} | {fmt(train, ',.0f')} | {fmt(epoch, '.2f')} "
            f"| {fmt(median_of(runs, 'eval_samples_per_second'), ',.0f')} | {fmt(eval_batch, '')} "
            f"| {fmt(median_of(runs, 'test_accuracy'), '.4f')} | {fmt(median_of(runs, 'peak_rss_mb'), '.0f')} "
            f"| {fmt(median_of(runs, 'allocated_bytes_per_sample'), ',.0f')} "
            f"| {fmt(median_of(runs, 'fma_peak_fraction'), '.3f')} "
            f"| {fmt(median_of(runs, 'kernel_alone_samples_per_second'), ',.0f')} "
            f"| {fmt(median_of(runs, 'pipeline_efficiency'), '.2f')} "
            f"| {fmt(max_of(runs, 'others_cpu_percent'), 'd')} / {fmt(max_of(runs, 'others_cpu_percent_during'), 'd')} |")
    return rows


def absolute_targets(by_config):
    """The earlier absolute targets: (name, measured, goal, passed or None when it cannot be judged)."""
    med = {c: median_of(by_config.get(c, []), "train_samples_per_second") for c in CONFIGS}
    eval_med = {c: median_of(by_config.get(c, []), "eval_samples_per_second") for c in CONFIGS}
    ours_runs = by_config.get("ours-1", []) + by_config.get("ours-2", [])

    def ratio(a, b):
        return a / b if a is not None and b else None

    torch_eval = max((v for c, v in eval_med.items() if c.startswith("pytorch") and v), default=None)
    ours_eval = max((v for c, v in eval_med.items() if c.startswith("ours") and v), default=None)
    rss = max_of(ours_runs, "peak_rss_mb")
    alloc = max_of(ours_runs, "allocated_bytes_per_sample")
    checks = [
        ("train: ours(2) / pytorch(2)", ratio(med["ours-2"], med["pytorch-2"]), ">= 8x", lambda v: v >= 8, ".1f", "x"),
        ("train: ours(1)", med["ours-1"], ">= 50,000/s", lambda v: v >= 50_000, ",.0f", "/s"),
        ("scaling: ours(2) / ours(1)", ratio(med["ours-2"], med["ours-1"]), ">= 1.8", lambda v: v >= 1.8, ".2f", ""),
        ("eval: ours best / pytorch best", ratio(ours_eval, torch_eval), "> 5x", lambda v: v > 5, ".1f", "x"),
        ("eval: ours best", ours_eval, ">= 200,000/s", lambda v: v >= 200_000, ",.0f", "/s"),
        ("peak RSS, ours (max of runs)", rss, "<= 250 MB", lambda v: v <= 250, ".0f", " MB"),
        ("allocated per sample, ours (max of runs)", alloc, "< 1 KB", lambda v: v < 1024, ",.0f", " B"),
    ]
    return [(name, None if v is None else format(v, spec) + unit, goal, None if v is None else ok(v))
            for name, v, goal, ok, spec, unit in checks]


def by_round(runs):
    """{round: {config: run}}."""
    rounds = {}
    for r in runs:
        if isinstance(r.get("round"), int) and isinstance(r.get("train_samples_per_second"), (int, float)):
            rounds.setdefault(r["round"], {})[r.get("config")] = r
    return rounds


def ratio_in(round_runs, a, b, key_a="train_samples_per_second", key_b="train_samples_per_second"):
    ra, rb = round_runs.get(a), round_runs.get(b)
    va = ra.get(key_a) if ra else None
    vb = rb.get(key_b) if rb else None
    return va / vb if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and vb else None


PER_ROUND = [
    ("ours(2) / sync(2)", lambda r: ratio_in(r, "ours-2", "sync-2")),
    ("ours(1) / sync(1)", lambda r: ratio_in(r, "ours-1", "sync-1")),
    ("ours(2) / kernel alone(2)", lambda r: ratio_in(r, "ours-2", "ours-2", key_b="kernel_alone_samples_per_second")),
    ("sync(2) / kernel alone(2)", lambda r: ratio_in(r, "sync-2", "ours-2", key_b="kernel_alone_samples_per_second")),
    ("ours(2) / pytorch(2)", lambda r: ratio_in(r, "ours-2", "pytorch-2")),
    ("ours(2) / ours(1)", lambda r: ratio_in(r, "ours-2", "ours-1")),
]


def per_round_table(runs):
    """[(round, [ratio or None per PER_ROUND column])]."""
    rounds = by_round(runs)
    return [(number, [f(rounds[number]) for _, f in PER_ROUND]) for number in sorted(rounds)]


def median_column(rows, column):
    values = [row[1][column] for row in rows if row[1][column] is not None]
    return statistics.median(values) if values else None


def ceiling_targets(by_config, rows):
    """The targets against the synchronous ceiling: (name, measured, goal, passed or None)."""
    ours2 = by_config.get("ours-2", [])
    ours_runs = by_config.get("ours-1", []) + ours2
    hashes = {r.get("weights_sha256") for c in ("sync-1", "sync-2", "ours-1", "ours-2")
              for r in by_config.get(c, []) if r.get("weights_sha256")}
    checks = [
        ("train: ours(2) / sync(2), median of rounds", median_column(rows, 0), ">= 0.90", lambda v: v >= 0.90, ".3f", ""),
        ("train: ours(1) / sync(1), median of rounds", median_column(rows, 1), ">= 0.95", lambda v: v >= 0.95, ".3f", ""),
        ("eval: ours(2) / forward kernel alone(2), median", median_of(ours2, "eval_pipeline_efficiency"), ">= 0.90",
         lambda v: v >= 0.90, ".3f", ""),
        ("peak RSS, ours (max of runs)", max_of(ours_runs, "peak_rss_mb"), "<= 250 MB", lambda v: v <= 250, ".0f", " MB"),
        ("allocated per training sample, ours (max of runs)", max_of(ours_runs, "allocated_bytes_per_sample"), "< 1 KB",
         lambda v: v < 1024, ",.0f", " B"),
    ]
    results = [(name, None if v is None else format(v, spec) + unit, goal, None if v is None else ok(v))
               for name, v, goal, ok, spec, unit in checks]
    same = None if not hashes else len(hashes) == 1
    shown = None if not hashes else (next(iter(hashes))[:12] + "..." if same else f"{len(hashes)} different")
    results.append(("same weights: sync(1), sync(2), ours(1), ours(2)", shown, "one weights_sha256", same))
    return results


def print_targets(title, results):
    print()
    print(f"### {title}")
    print()
    print("| target | measured | goal | result |")
    print("|---|---:|---|---|")
    for name, measured, goal, passed in results:
        verdict = "n/a (not measured)" if passed is None else ("PASS" if passed else "FAIL")
        print(f"| {name} | {measured or '—'} | {goal} | {verdict} |")


def main(path):
    runs = load(path)
    by_config = {}
    for r in runs:
        by_config.setdefault(r.get("config", "?"), []).append(r)

    print()
    print("### Medians per configuration")
    print()
    print("\n".join(table(by_config)))

    torch1 = median_of(by_config.get("pytorch-1", []), "train_samples_per_second")
    torch2 = median_of(by_config.get("pytorch-2", []), "train_samples_per_second")
    if torch1 and torch2:
        print()
        print(f"PyTorch scaling 2 threads / 1 thread: {torch2 / torch1:.2f}")
        if torch2 < torch1:
            print("NOTE: PyTorch trained slower on 2 threads than on 1. Its OpenMP threads spin-wait for "
                  "each other at every operation, so a core taken by another process stalls both; "
                  "ratios against pytorch(2) are then inflated. Measure on a quiet machine.")

    rows = per_round_table(runs)
    results = ceiling_targets(by_config, rows)
    print_targets("Targets (against the synchronous ceiling, measured in the same rounds)", results)
    versus_torch = median_column(rows, 4)
    print()
    print(f"Ratio to PyTorch: ours(2) / pytorch(2), median of rounds: {fmt(versus_torch, '.1f')}x.")

    # The ceilings: the kernel alone on 2 threads (each its own data, no synchronisation at all), and the
    # synchronous loops, which add only what synchronous SGD must (a barrier, the sum, the step).
    kernel2 = median_of(by_config.get("ours-2", []), "kernel_alone_samples_per_second")
    sync2 = median_of(by_config.get("sync-2", []), "train_samples_per_second")
    if kernel2:
        print()
        print(f"Kernel alone on 2 threads: {kernel2:,.0f} samples/s"
              + (f", {kernel2 / torch2:.1f}x pytorch(2)" if torch2 else "")
              + f"; the pipeline reached {fmt(median_column(rows, 2), '.2f')} of it, "
              f"the blocking-barrier loop {fmt(median_column(rows, 3), '.2f')} (medians of rounds).")
    if sync2:
        print(f"Blocking-barrier loop on 2 threads: {sync2:,.0f} samples/s; the pipeline reached "
              f"{fmt(median_column(rows, 0), '.2f')} of it.")
    sync1 = median_of(by_config.get("sync-1", []), "train_samples_per_second")
    if sync1:
        print(f"Plain loop on 1 thread: {sync1:,.0f} samples/s; the pipeline at parallelism 1 reached "
              f"{fmt(median_column(rows, 1), '.2f')} of it.")
    eval2 = median_of(by_config.get("ours-2", []), "kernel_alone_eval_samples_per_second")
    if eval2:
        print(f"The forward kernel alone on 2 threads evaluates {eval2:,.0f} samples/s; the pipeline reached "
              f"{fmt(median_of(by_config.get('ours-2', []), 'eval_pipeline_efficiency'), '.2f')} of it.")

    if rows:
        print()
        print("Per round (a round's configurations run back to back, so their ratios are the least disturbed by "
              "the machine's drift):")
        print()
        print("| round | " + " | ".join(name for name, _ in PER_ROUND) + " |")
        print("|---:|" + "---:|" * len(PER_ROUND))
        for number, values in rows:
            print(f"| {number} | " + " | ".join(fmt(v, ".3f") for v in values) + " |")

    earlier = absolute_targets(by_config)
    print_targets("Earlier absolute targets (issue 4; the machine's speed swings by half between days)", earlier)
    results = results + earlier

    busiest = max((v for key in ("others_cpu_percent", "others_cpu_percent_during")
                   for v in [max_of(runs, key)] if v is not None), default=None)
    if busiest is not None and busiest > BUSY_WARNING_PERCENT:
        print()
        print(f"WARNING: other processes used up to {busiest}% of the CPU before or during some runs; "
              "these numbers are indicative only.")
    return 1 if any(passed is False for *_, passed in results) else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: summarise.py RESULTS.jsonl", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
