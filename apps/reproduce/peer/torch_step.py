"""The peer for `pnpm bench`: the same training step as the TypeScript benchmark, in PyTorch on the
CPU (embedding, SRNN or a plain GRU, linear classifier, cross-entropy, Adam). Prints one JSON line
per model with the median milliseconds per step. Needs torch (e.g. Debian's python3-torch and
libopenblas0-pthread).

Its GRU is PyTorch's nn.GRU: tanh candidate, reset gate applied after the recurrent product. The
TypeScript models use the paper's GRU: linear candidate, reset gate applied before it. Both do the
same products per step, so their times compare; they do not compute the same function.

usage: python3 torch_step.py --length 512 --slices 8 --depth 2 --batch 32 --threads 1 --steps 5
         [--ids IDS.npy --labels LABELS.npy]   time on these batches (int32 [batch, length] and
                                               [batch], as `pnpm bench` writes them) instead of
                                               uniform random ids
       python3 torch_step.py --matmul 16384,200,150 --threads 1 --steps 7
                                               the median ms of one float32 torch.matmul"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
for name, default in [('length', 512), ('slices', 8), ('depth', 2), ('batch', 32), ('steps', 5),
                      ('vocabulary', 30000), ('embedding', 200), ('units', 50), ('classes', 5),
                      ('threads', 1)]:
    parser.add_argument('--' + name, type=int, default=default)
parser.add_argument('--models', default='srnn,gru')
parser.add_argument('--ids')
parser.add_argument('--labels')
parser.add_argument('--matmul')
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
version = 'pytorch ' + torch.__version__


def timed(step, repeats):
    """Median ms of `repeats` calls after one warm-up call."""
    samples = []
    for i in range(repeats + 1):
        started = time.perf_counter()
        step()
        if i > 0:
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


if args.matmul:
    rows, inner, cols = (int(v) for v in args.matmul.split(','))
    a = torch.rand(rows, inner) * 2 - 1
    b = torch.rand(inner, cols) * 2 - 1
    print(json.dumps({'peer': version, 'matmul': [rows, inner, cols], 'threads': args.threads,
                      'medianMs': timed(lambda: torch.matmul(a, b), args.steps)}))
    raise SystemExit(0)


def batch():
    """The batch to time: read from the files `pnpm bench` wrote, or uniform random ids."""
    if args.ids is None:
        return (torch.randint(1, args.vocabulary, (args.batch, args.length)),
                torch.randint(0, args.classes, (args.batch,)), 'uniform (drawn here)')
    import numpy
    ids = numpy.load(args.ids)
    labels = numpy.load(args.labels)
    if ids.shape != (args.batch, args.length) or labels.shape != (args.batch,):
        raise SystemExit(f'{args.ids}: shape {ids.shape}, expected ({args.batch}, {args.length})')
    if ids.min() < 0 or ids.max() > args.vocabulary or labels.min() < 0 or labels.max() >= args.classes:
        raise SystemExit(f'{args.ids}: ids or labels out of range')
    return torch.from_numpy(ids).long(), torch.from_numpy(labels).long(), 'file'


class Sliced(nn.Module):
    """Level 0 runs over all minimal subsequences as one batch; each level's last states are
    reshaped into the next level's sequences."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(args.vocabulary + 1, args.embedding)
        self.levels = nn.ModuleList(
            nn.GRU(args.embedding if level == 0 else args.units, args.units, batch_first=True)
            for level in range(args.depth + 1))
        self.output = nn.Linear(args.units, args.classes)

    def forward(self, ids):
        minimal = args.length // args.slices ** args.depth
        x = self.embedding(ids).reshape(-1, minimal, args.embedding)
        for level, gru in enumerate(self.levels):
            _, last = gru(x)
            x = last[0]
            if level < args.depth:
                x = x.reshape(-1, args.slices, args.units)
        return self.output(x)


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(args.vocabulary + 1, args.embedding)
        self.gru = nn.GRU(args.embedding, args.units, batch_first=True)
        self.output = nn.Linear(args.units, args.classes)

    def forward(self, ids):
        _, last = self.gru(self.embedding(ids))
        return self.output(last[0])


ids, labels, source = batch()
for name in args.models.split(','):
    model = Sliced() if name == 'srnn' else Plain()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)

    def step():
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(ids), labels).backward()
        optimizer.step()

    print(json.dumps({'peer': version, 'model': name, 'length': args.length, 'batch': args.batch,
                      'threads': args.threads, 'ids': source, 'medianMs': timed(step, args.steps)}),
          flush=True)
