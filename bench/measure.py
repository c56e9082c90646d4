#!/usr/bin/env python3
"""Run one benchmark command for bench/compare.sh and print its JSON result line.

    measure.py --round R --config NAME [--timeout S] [--wait-quiet S] -- COMMAND...

The command must print a JSON object on one line of stdout (the last such line
counts). To it this adds `round`, `config`, `exit_code`, and how busy the rest
of the machine was, in percent of all cores:
- `others_cpu_percent`: over the second before the run (after --wait-quiet);
- `others_cpu_percent_during`: over the run, the machine's busy time less the
  command's own CPU time, so load that arrives mid-run shows too.

Exit status: 0 with the line on stdout; 1 when the command printed no JSON
result (its last lines go to stderr).
"""

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

QUIET_PERCENT = 10
TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def cpu_jiffies():
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:9]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields)
    return total - idle, total


def busy_percent_over(seconds):
    b0, t0 = cpu_jiffies()
    time.sleep(seconds)
    b1, t1 = cpu_jiffies()
    return round(100 * (b1 - b0) / (t1 - t0)) if t1 > t0 else 0


def children_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(command, timeout):
    """Runs command; returns (exit code, stdout, stderr, others' CPU % during it)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        cpu0 = children_cpu_seconds()
        busy0, _ = cpu_jiffies()
        wall0 = time.monotonic()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = 124
        wall = time.monotonic() - wall0
        busy1, _ = cpu_jiffies()
        own = children_cpu_seconds() - cpu0
        others = max(0.0, (busy1 - busy0) / TICKS - own)
        during = round(100 * others / (wall * CORES)) if wall > 0 else 0
        out.seek(0)
        err.seek(0)
        return code, out.read().decode(errors="replace"), err.read().decode(errors="replace"), during


def last_json_object(text):
    found = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found = value
    return found


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--round", type=int, required=True)
    p.add_argument("--config", required=True)
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument("--wait-quiet", type=float, default=0,
                   help=f"wait up to this many seconds for the machine to fall below {QUIET_PERCENT}%% CPU")
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        p.error("no command to run")

    before = busy_percent_over(1)
    deadline = time.monotonic() + a.wait_quiet
    while before > QUIET_PERCENT and time.monotonic() < deadline:
        before = busy_percent_over(1)

    code, out, err, during = run(command, a.timeout)
    result = last_json_object(out)
    if result is None or "train_samples_per_second" not in result:
        why = "timed out" if code == 124 else f"exit {code}"
        print(f"   round {a.round} {a.config}: no JSON result ({why}); last output:", file=sys.stderr)
        lines = [line for line in (err + "\n" + out).splitlines() if line.strip()]
        for line in lines[-4:]:
            print(f"     {line}", file=sys.stderr)
        return 1
    result.update(round=a.round, config=a.config, exit_code=code,
                  others_cpu_percent=before, others_cpu_percent_during=during)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
