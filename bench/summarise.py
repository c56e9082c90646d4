#!/usr/bin/env python3
"""Medians and targets of a bench/compare.sh results file (one JSON object a line).

Prints a markdown table of medians per configuration, then the issue-4 targets
with PASS/FAIL. Exit status: 0 when no target failed (targets that need our
trainer read n/a while it is absent), 1 when one failed, 2 on unreadable input.
"""

import json
import statistics
import sys

CONFIGS = ["pytorch-1", "pytorch-2", "ours-1", "ours-2"]
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


def targets(by_config):
    """(name, measured, goal, passed or None when it cannot be judged)."""
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


def per_round_ratios(runs):
    """(round, ours(2)/pytorch(2), ours(2)/ours(1)) for every round that ran ours(2)."""
    by_round = {}
    for r in runs:
        if isinstance(r.get("round"), int) and isinstance(r.get("train_samples_per_second"), (int, float)):
            by_round.setdefault(r["round"], {})[r.get("config")] = r["train_samples_per_second"]
    rows = []
    for number in sorted(by_round):
        train = by_round[number]
        ours2 = train.get("ours-2")
        if ours2 is None:
            continue
        torch2, ours1 = train.get("pytorch-2"), train.get("ours-1")
        rows.append((number, ours2 / torch2 if torch2 else None, ours2 / ours1 if ours1 else None))
    return rows


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

    results = targets(by_config)
    print()
    print("### Targets")
    print()
    print("| target | measured | goal | result |")
    print("|---|---:|---|---|")
    for name, measured, goal, passed in results:
        verdict = "n/a (ours not available)" if passed is None else ("PASS" if passed else "FAIL")
        print(f"| {name} | {measured or '—'} | {goal} | {verdict} |")

    # The ceiling: the kernel alone on 2 threads (each its own data, no pipeline, no synchronous update between
    # batches). No pipeline around this kernel can train faster on this machine than that.
    kernel2 = median_of(by_config.get("ours-2", []), "kernel_alone_samples_per_second")
    if kernel2 and torch2:
        print()
        print(f"Ceiling: the kernel alone on 2 threads trains {kernel2:,.0f} samples/s, "
              f"{kernel2 / torch2:.1f}x pytorch(2); the pipeline reached "
              f"{fmt(median_of(by_config.get('ours-2', []), 'pipeline_efficiency'), '.2f')} of it.")
    kernel1 = median_of(by_config.get("ours-1", []), "kernel_alone_samples_per_second")
    if kernel1:
        print(f"On 1 thread the kernel alone trains {kernel1:,.0f} samples/s; the pipeline reached "
              f"{fmt(median_of(by_config.get('ours-1', []), 'pipeline_efficiency'), '.2f')} of it.")
    eval2 = median_of(by_config.get("ours-2", []), "kernel_alone_eval_samples_per_second")
    if eval2:
        print(f"The forward kernel alone on 2 threads evaluates {eval2:,.0f} samples/s; the pipeline reached "
              f"{fmt(median_of(by_config.get('ours-2', []), 'eval_pipeline_efficiency'), '.2f')} of it.")

    paired = per_round_ratios(runs)
    if paired:
        print()
        print("Per round (a round's configurations run back to back, so their ratios are the least disturbed by "
              "the machine's drift):")
        print()
        print("| round | ours(2) / pytorch(2) | ours(2) / ours(1) |")
        print("|---:|---:|---:|")
        for number, versus_torch, scaling in paired:
            print(f"| {number} | {fmt(versus_torch, '.1f')}x | {fmt(scaling, '.2f')} |")
        torch_ratios = [row[1] for row in paired if row[1] is not None]
        scalings = [row[2] for row in paired if row[2] is not None]
        print()
        print("Medians of the per-round ratios: ours(2) / pytorch(2) "
              f"{fmt(statistics.median(torch_ratios) if torch_ratios else None, '.1f')}x, ours(2) / ours(1) "
              f"{fmt(statistics.median(scalings) if scalings else None, '.2f')}.")

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
