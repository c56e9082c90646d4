#!/usr/bin/env bash
# Soak test, too long for CI: trains on all of MNIST for 30 epochs and prints the worker's resident memory
# (VmRSS from /proc) after every epoch. Memory stays flat (docs/architecture.md, Bounded memory): the script fails when
# the last epoch's RSS is more than 5 % above the second's (the first epoch still warms up pools and the JIT).
# To tell a leak from garbage not yet collected, cap the heap: DOTNET_GCHeapHardLimit=0x6000000 (96 MB) makes a
# leak end in OutOfMemoryException.
# Usage: tests/reliability/soak.sh            (EPOCHS=30, TRAIN_LIMIT=0 and TEST_LIMIT=0: all of MNIST, by default)
#        EPOCHS=3 TRAIN_LIMIT=2048 TEST_LIMIT=500 tests/reliability/soak.sh   (a quick check of the script itself)
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs="${EPOCHS:-30}"
train_limit="${TRAIN_LIMIT:-0}"
test_limit="${TEST_LIMIT:-0}"
output="$(mktemp -d -t lenet-soak-XXXXXX)"

dotnet build -c Release src/LeNetPipeline.Worker > /dev/null
dll=src/LeNetPipeline.Worker/bin/Release/net10.0/LeNetPipeline.Worker.dll

coproc WORKER { exec dotnet "$dll" --Training:Epochs="$epochs" --Data:TrainLimit="$train_limit" --Data:TestLimit="$test_limit" \
  --Progress:IntervalSeconds=60 --Output:Directory="$output" 2>&1; }
pid=$WORKER_PID
declare -a rss
printf 'soak: pid %s, %s epochs, train limit %s (0 = all), outputs in %s\n' "$pid" "$epochs" "$train_limit" "$output"
while IFS= read -r line <&"${WORKER[0]}"; do
  if [[ $line =~ Epoch\ ([0-9]+)/[0-9]+\ done ]]; then
    epoch=${BASH_REMATCH[1]}
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || echo 0)
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2> /dev/null || echo 0)
    rss[epoch]=$kb
    printf 'epoch %3d  VmRSS %7.1f MB  VmHWM %7.1f MB  | %s\n' "$epoch" "$(bc <<< "scale=1; $kb/1024")" "$(bc <<< "scale=1; $hwm/1024")" "${line#* info: }"
  elif [[ $line == *fail:* || $line == error:* ]]; then
    echo "$line"
  fi
done
status=0
wait "$pid" || status=$?
echo "worker exit code: $status"
if [[ $status -ne 0 ]]; then
  exit "$status"
fi
from=$(( epochs >= 2 ? 2 : 1 ))
first=${rss[$from]}
last=${rss[$epochs]}
echo "VmRSS: epoch 1 ${rss[1]} kB, epoch ${from} ${first} kB, epoch ${epochs} ${last} kB ($(bc <<< "scale=1; 100*$last/$first - 100") %)"
if (( last * 100 > first * 105 )); then
  echo "memory GREW by more than 5 % from epoch ${from} to epoch ${epochs}"
  exit 1
fi
echo "memory flat: epoch ${epochs} within 5 % of epoch ${from}"
