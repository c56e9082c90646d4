#!/usr/bin/python3
"""PyTorch baseline for the LeNetPipeline benchmark (issue 4).

Trains the very network of the worker (same layers, same initialisation ranges,
same SGD settings, input byte/255) so that our trainer's throughput can be set
against a mainstream framework on the same machine. Run it with Debian's
interpreter, /usr/bin/python3, which is the one python3-torch installs into.

What is timed, and why:
- training: one pass over the training set (shuffle, batching, forward,
  backward, SGD step), with the data already decoded into float tensors, as our
  pipeline's compute is measured without file parsing. A few throw-away batches
  on a copy of the model run first, so oneDNN's one-off kernel generation is
  not charged to the epoch (generous to PyTorch, never to us);
- evaluation: forward + argmax over the test set at several batch sizes; the
  best is reported, again the generous choice;
- accuracy: the trained model on the whole test set.

Prints exactly one JSON line on stdout; progress goes to stderr.
"""

import argparse
import copy
import gzip
import json
import statistics
import struct
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT / "data" / "mnist"

EXIT_INVALID_CONFIG = 2
EXIT_INVALID_DATA = 3

IMAGE_MAGIC = 0x00000803
LABEL_MAGIC = 0x00000801


def fail(code, message):
    print(f"lenet_torch: {message}", file=sys.stderr)
    sys.exit(code)


try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:
    fail(1, "PyTorch is missing for this interpreter; install Debian's python3-torch "
            "and run with /usr/bin/python3")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Train LeNet-5 on MNIST with PyTorch and time it.")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="directory with the four raw (or .gz) IDX files (default: %(default)s)")
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default: 1)")
    p.add_argument("--epochs", type=int, default=1, help="training epochs, each timed (default: 1)")
    p.add_argument("--lr", type=float, default=0.1, help="SGD learning rate (default: 0.1)")
    p.add_argument("--momentum", type=float, default=0.0, help="SGD momentum (default: 0)")
    p.add_argument("--batch", type=int, default=64, help="training batch size (default: 64)")
    p.add_argument("--train-limit", type=int, default=0,
                   help="use only the first N training samples (0 = all)")
    p.add_argument("--test-limit", type=int, default=0,
                   help="use only the first N test samples (0 = all)")
    p.add_argument("--seed", type=int, default=1, help="seed of initialisation and shuffling")
    p.add_argument("--warmup-batches", type=int, default=8,
                   help="untimed batches on a copy of the model before the epoch (default: 8)")
    p.add_argument("--eval-batches", default="64,256,1000,2500,10000",
                   help="comma-separated evaluation batch sizes to try (default: %(default)s)")
    p.add_argument("--eval-repeats", type=int, default=3,
                   help="timed passes per evaluation batch size; the fastest counts (default: 3)")
    a = p.parse_args(argv)

    def positive(name, value):
        if value < 1:
            fail(EXIT_INVALID_CONFIG, f"--{name} must be at least 1, got {value}")

    positive("threads", a.threads)
    positive("epochs", a.epochs)
    positive("batch", a.batch)
    positive("eval-repeats", a.eval_repeats)
    for name in ("train-limit", "test-limit", "warmup-batches"):
        if getattr(a, name.replace("-", "_")) < 0:
            fail(EXIT_INVALID_CONFIG, f"--{name} must not be negative")
    if not a.lr > 0:
        fail(EXIT_INVALID_CONFIG, f"--lr must be positive, got {a.lr}")
    if not 0 <= a.momentum < 1:
        fail(EXIT_INVALID_CONFIG, f"--momentum must be in [0, 1), got {a.momentum}")
    try:
        a.eval_batches = sorted({int(s) for s in a.eval_batches.split(",") if s.strip()})
    except ValueError:
        fail(EXIT_INVALID_CONFIG, f"--eval-batches must be integers separated by commas, got {a.eval_batches!r}")
    if not a.eval_batches or a.eval_batches[0] < 1:
        fail(EXIT_INVALID_CONFIG, "--eval-batches needs at least one size, each at least 1")
    return a


# ---------------------------------------------------------------- data

def read_idx_bytes(directory, name):
    raw = directory / name
    if raw.is_file():
        return raw, raw.read_bytes()
    gz = directory / (name + ".gz")
    if gz.is_file():
        try:
            return gz, gzip.decompress(gz.read_bytes())
        except (OSError, EOFError) as e:
            fail(EXIT_INVALID_DATA, f"{gz}: not a readable gzip file ({e})")
    fail(EXIT_INVALID_DATA, f"{raw}: missing (nor {gz.name}); run bench/compare.sh once, "
                            "or pass --data DIR")


def read_images(directory, name):
    path, data = read_idx_bytes(directory, name)
    if len(data) < 16:
        fail(EXIT_INVALID_DATA, f"{path}: too short for an IDX image header")
    magic, count, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != IMAGE_MAGIC:
        fail(EXIT_INVALID_DATA, f"{path}: magic 0x{magic:08x} is not an IDX image file (0x{IMAGE_MAGIC:08x})")
    if (rows, cols) != (28, 28):
        fail(EXIT_INVALID_DATA, f"{path}: images are {rows}x{cols}, LeNet-5 here needs 28x28")
    if len(data) != 16 + count * rows * cols:
        fail(EXIT_INVALID_DATA, f"{path}: {len(data)} bytes, header promises {16 + count * rows * cols}")
    pixels = torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8)
    return pixels.view(count, 1, rows, cols).to(torch.float32).div_(255.0)


def read_labels(directory, name):
    path, data = read_idx_bytes(directory, name)
    if len(data) < 8:
        fail(EXIT_INVALID_DATA, f"{path}: too short for an IDX label header")
    magic, count = struct.unpack(">II", data[:8])
    if magic != LABEL_MAGIC:
        fail(EXIT_INVALID_DATA, f"{path}: magic 0x{magic:08x} is not an IDX label file (0x{LABEL_MAGIC:08x})")
    if len(data) != 8 + count:
        fail(EXIT_INVALID_DATA, f"{path}: {len(data)} bytes, header promises {8 + count}")
    labels = torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).to(torch.int64)
    if count and int(labels.max()) > 9:
        fail(EXIT_INVALID_DATA, f"{path}: label {int(labels.max())} is outside 0..9")
    return labels


def load_split(directory, prefix, limit):
    images = read_images(directory, f"{prefix}-images-idx3-ubyte")
    labels = read_labels(directory, f"{prefix}-labels-idx1-ubyte")
    if images.shape[0] != labels.shape[0]:
        fail(EXIT_INVALID_DATA, f"{directory}: {prefix} has {images.shape[0]} images "
                                f"but {labels.shape[0]} labels")
    if limit:
        images, labels = images[:limit].contiguous(), labels[:limit].contiguous()
    return images, labels


# ---------------------------------------------------------------- model

class LeNet5(nn.Module):
    """The worker's LeNet-5; attribute names follow the .npz parameter names."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(torch.tanh(self.c1(x)), 2)
        x = F.avg_pool2d(torch.tanh(self.c3(x)), 2)
        x = torch.tanh(self.c5(x)).flatten(1)
        x = torch.sigmoid(self.f6(x))
        return self.out(x)  # logits; softmax lives in cross_entropy

    @torch.no_grad()
    def initialise(self, generator):
        for conv in (self.c1, self.c3, self.c5):
            fan_in = conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]
            bound = (3.0 / fan_in) ** 0.5
            conv.weight.uniform_(-bound, bound, generator=generator)
            conv.bias.zero_()
        for dense in (self.f6, self.out):
            bound = 4.0 * (6.0 / (dense.in_features + dense.out_features)) ** 0.5
            dense.weight.uniform_(-bound, bound, generator=generator)
            dense.bias.zero_()


# ---------------------------------------------------------------- work

def train_batches(model, optimiser, images, labels, order, batch):
    """One pass in the given order; returns the sample-weighted loss sum."""
    model.train()
    loss_sum = torch.zeros((), dtype=torch.float64)
    for start in range(0, order.numel(), batch):
        index = order[start:start + batch]
        x = images.index_select(0, index)
        y = labels.index_select(0, index)
        optimiser.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)  # mean over the batch, as the worker averages
        loss.backward()
        optimiser.step()
        loss_sum += loss.detach() * index.numel()
    return float(loss_sum)


def make_optimiser(model, args):
    return torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)


def warm_up(model, args, images, labels):
    """Untimed batches on a throw-away copy, including the short last batch's shape."""
    if args.warmup_batches == 0:
        return
    scratch = copy.deepcopy(model)
    optimiser = make_optimiser(scratch, args)
    n = images.shape[0]
    count = min(n, args.warmup_batches * args.batch)
    train_batches(scratch, optimiser, images, labels, torch.arange(count), args.batch)
    tail = n % args.batch
    if tail:
        train_batches(scratch, optimiser, images, labels, torch.arange(tail), args.batch)


@torch.inference_mode()
def predict(model, images, batch):
    model.eval()
    return torch.cat([model(images[i:i + batch]).argmax(1) for i in range(0, images.shape[0], batch)])


def time_evaluation(model, images, batch_sizes, repeats):
    """Samples per second of forward + argmax at each batch size (fastest of `repeats` passes)."""
    n = images.shape[0]
    rates = {}
    for batch in sorted({min(b, n) for b in batch_sizes}):
        predict(model, images, batch)  # warm: primitive creation for this shape
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            predict(model, images, batch)
            best = min(best, time.perf_counter() - t0)
        rates[batch] = n / best
        print(f"eval batch {batch}: {rates[batch]:,.0f} samples/s", file=sys.stderr)
    return rates


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)  # no inter-op parallelism in a sequential net
    except RuntimeError:
        pass

    train_x, train_y = load_split(args.data, "train", args.train_limit)
    test_x, test_y = load_split(args.data, "t10k", args.test_limit)
    if train_x.shape[0] == 0 or test_x.shape[0] == 0:
        fail(EXIT_INVALID_DATA, f"{args.data}: no training or no test samples")

    torch.manual_seed(args.seed)
    init_generator = torch.Generator().manual_seed(args.seed)
    shuffle_generator = torch.Generator().manual_seed(args.seed + 1)
    model = LeNet5()
    model.initialise(init_generator)
    optimiser = make_optimiser(model, args)

    warm_up(model, args, train_x, train_y)

    n = train_x.shape[0]
    epoch_seconds = []
    loss = float("nan")
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=shuffle_generator)
        loss = train_batches(model, optimiser, train_x, train_y, order, args.batch) / n
        epoch_seconds.append(time.perf_counter() - t0)
        print(f"epoch {epoch}: {epoch_seconds[-1]:.2f} s, {n / epoch_seconds[-1]:,.0f} samples/s, "
              f"mean loss {loss:.4f}", file=sys.stderr)

    rates = time_evaluation(model, test_x, args.eval_batches, args.eval_repeats)
    eval_batch, eval_rate = max(rates.items(), key=lambda kv: kv[1])
    accuracy = float((predict(model, test_x, 1000) == test_y).double().mean())
    print(f"test accuracy {accuracy:.4f}", file=sys.stderr)

    epoch_time = statistics.median(epoch_seconds)
    print(json.dumps({
        "impl": "pytorch",
        "threads": args.threads,
        "train_samples_per_second": round(n / epoch_time, 1),
        "eval_samples_per_second": round(eval_rate, 1),
        "eval_batch": eval_batch,
        "test_accuracy": round(accuracy, 6),
        "epoch_seconds": round(epoch_time, 4),
        # context, beyond the agreed keys
        "train_samples": n,
        "test_samples": test_x.shape[0],
        "epochs": args.epochs,
        "epoch_seconds_all": [round(s, 4) for s in epoch_seconds],
        "final_train_loss": round(loss, 6),
        "batch": args.batch,
        "lr": args.lr,
        "momentum": args.momentum,
        "eval_samples_per_second_by_batch": {str(b): round(r, 1) for b, r in rates.items()},
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
