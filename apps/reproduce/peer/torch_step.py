"""The peer for `pnpm bench`: the same training step as the TypeScript benchmark, in PyTorch on the
CPU (embedding, SRNN or a plain GRU, linear classifier, cross-entropy, Adam). Prints one JSON line
per model with the median milliseconds per step. Needs torch (e.g. Debian's python3-torch).
usage: python3 torch_step.py --length 512 --slices 8 --depth 2 --batch 32 --threads 1 --steps 5"""
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
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)


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


for name in args.models.split(','):
    model = Sliced() if name == 'srnn' else Plain()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)
    ids = torch.randint(1, args.vocabulary, (args.batch, args.length))
    labels = torch.randint(0, args.classes, (args.batch,))
    samples = []
    for step in range(args.steps + 1):
        started = time.perf_counter()
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(ids), labels).backward()
        optimizer.step()
        if step > 0:
            samples.append((time.perf_counter() - started) * 1000)
    print(json.dumps({'peer': 'pytorch ' + torch.__version__, 'model': name, 'length': args.length,
                      'batch': args.batch, 'threads': args.threads,
                      'medianMs': statistics.median(samples)}))
