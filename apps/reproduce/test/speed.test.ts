import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@srnn/backend';
import {
  findPeerPython,
  runSpeed,
  type IdKind,
  type SpeedReport,
  speedTables,
} from '../src/experiments/speed';
import {
  peerScriptPath,
  runPeerOnce,
  runPeerProduct,
  writePeerBatch,
} from '../src/experiments/peer';
import { writeSpeedReport } from '../src/speed-report';
import { naturalTextBatch } from '../src/experiments/natural-text';
import { stepModels } from '../src/experiments/speed-step';
import { speedModelName } from '../src/experiments/timing';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

const options = {
  stepLength: 64,
  batchSizes: [2],
  lengths: [16, 64],
  lengthBatch: 2,
  steps: 1,
  rounds: 1,
  maxSeconds: 600,
  peer: 'skip' as const,
  sizes: { vocabulary: 40, embeddingDim: 4, units: 4, classes: 3, seed: 1 },
  idKinds: ['uniform'] as IdKind[],
  product: false,
  log: () => {},
};

describe('pnpm bench (speed experiment)', () => {
  it('times SRNN, our GRU and tf.layers GRU side by side and relates them', async () => {
    const report = await runSpeed(options, 'unused.py');
    const step = report.rows.filter((r) => r.section === 'step');
    expect(step.map((r) => r.model)).toEqual(['SRNN(8,2)', 'GRU (ours)', 'GRU (tf.layers)']);
    const [srnn, ours, tfjs] = step;
    expect(ours!.speedupVsOurGru).toBe(1);
    expect(tfjs!.speedupVsTfjsGru).toBe(1);
    expect(srnn!.speedupVsOurGru).toBeCloseTo(ours!.msPerStep! / srnn!.msPerStep!, 10);
    expect(srnn!.speedupVsTfjsGru).toBeCloseTo(tfjs!.msPerStep! / srnn!.msPerStep!, 10);
    expect(report.peerSkipped).toBe('skipped (--peer skip)');
    const lengths = report.rows.filter((r) => r.section === 'length');
    expect(lengths.map((r) => `${r.model}@${r.length}`)).toEqual([
      'SRNN(8,1)@16',
      'GRU (ours)@16',
      'GRU (tf.layers)@16',
      'SRNN(8,1)@64',
      'GRU (ours)@64',
      'GRU (tf.layers)@64',
    ]);
    expect(report.inference.map((r) => r.model)).toEqual(['SRNN(8,2)', 'GRU (ours)']);
    for (const r of report.inference) expect(r.documentsPerSecond).toBeGreaterThan(0);
    const tables = speedTables(report);
    expect(tables.step.markdown()).toContain('| SRNN(8,2) | 64 | 2 |');
  });

  it('times SRNN(8,2) also with the separate multiply-add where the tiles use the relaxed one', () => {
    const names = (relaxed: boolean, ids: IdKind) =>
      stepModels(['gru', 'lstm'], ids, relaxed).map(speedModelName);
    expect(names(false, 'uniform')).toEqual(['SRNN(8,2)', 'SRNN(8,2) lstm', 'GRU (ours)']);
    expect(names(true, 'uniform')).toEqual([
      'SRNN(8,2)',
      'SRNN(8,2) lstm',
      'SRNN(8,2), separate multiply-add',
      'GRU (ours)',
    ]);
    expect(names(true, 'natural')).toContain('SRNN(8,2), separate multiply-add');
  });

  it('times SRNN(8,2) with each registered cell asked for (--cell gru,lstm)', async () => {
    const report = await runSpeed({ ...options, lengths: [], cells: ['gru', 'lstm'] }, 'unused.py');
    const step = report.rows.filter((r) => r.section === 'step');
    expect(step.map((r) => r.model)).toEqual([
      'SRNN(8,2)',
      'SRNN(8,2) lstm',
      'GRU (ours)',
      'GRU (tf.layers)',
    ]);
    expect(step[1]!.skipped).toBeUndefined();
    expect(step[1]!.cell).toBe('lstm');
    expect(step[1]!.speedupVsOurGru).toBeCloseTo(step[2]!.msPerStep! / step[1]!.msPerStep!, 10);
    // The LSTM's time over the GRU cell's SRNN of the same group; the GRU rows have none.
    expect(step[1]!.timeVsGruSrnn).toBeCloseTo(step[1]!.msPerStep! / step[0]!.msPerStep!, 10);
    expect(step.filter((r) => r.timeVsGruSrnn !== undefined)).toEqual([step[1]]);
    expect(speedTables(report).step.markdown()).toContain(
      `| ${step[1]!.timeVsGruSrnn!.toFixed(2)}x |`,
    );
  });

  it('skips a model whose time, predicted from the previous length, exceeds the budget', async () => {
    const report = await runSpeed({ ...options, batchSizes: [], maxSeconds: 1e-9 }, 'unused.py');
    const at64 = report.rows.filter((r) => r.length === 64);
    expect(at64).toHaveLength(3);
    for (const r of at64) {
      expect(r.msPerStep).toBeUndefined();
      expect(r.skipped).toMatch(/exceeds --max-seconds/);
    }
  });

  it('says why the PyTorch peer was skipped', () => {
    expect(
      findPeerPython({ ...options, peer: 'auto', python: 'no-such-python' }, __filename),
    ).toEqual({
      skipped:
        "skipped: no Python with torch (tried no-such-python; install torch, e.g. Debian's python3-torch and libopenblas0-pthread, to compare)",
    });
    expect(findPeerPython({ ...options, peer: 'auto' }, 'missing.py')).toEqual({
      skipped: 'skipped: missing.py not found',
    });
  });

  /**
   * Runs the bench with a stand-in "python" that says it has torch and runs `peerBody` with node:
   * a script that sees `threads` and `runs` (how many peer runs came before) and prints result
   * lines, or exits non-zero to fail.
   */
  async function withStandInPeer(
    peerBody: string,
    rounds: number,
    extra: Partial<typeof options> = {},
  ): Promise<SpeedReport> {
    const folder = mkdtempSync(join(tmpdir(), 'srnn-fake-peer-'));
    try {
      const python = join(folder, 'python');
      writeFileSync(
        python,
        `#!/bin/sh\n[ "$1" = "-c" ] && exit 0\nexec "${process.execPath}" "$@"\n`,
      );
      chmodSync(python, 0o755);
      const script = join(folder, 'peer.js');
      writeFileSync(
        script,
        `const fs = require('fs');
const args = process.argv.slice(2);
const threads = Number(args[args.indexOf('--threads') + 1]);
const counter = ${JSON.stringify(join(folder, 'runs'))};
const runs = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
fs.writeFileSync(counter, String(runs + 1));
${peerBody}
`,
      );
      return await runSpeed(
        { ...options, lengths: [], rounds, peer: 'auto', python, ...extra },
        script,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  const peerLines = (srnnMs: string): string =>
    `console.log(JSON.stringify({ peer: 'fake-1', model: 'srnn', medianMs: ${srnnMs} }));
console.log(JSON.stringify({ peer: 'fake-1', model: 'gru', medianMs: 30 }));`;

  it('alternates our models and the peer in rounds, keeps the faster peer threads, takes medians', async () => {
    // SRNN: 40 ms with 1 thread (+1 ms per run), 90 ms with 2; the GRU 30 ms.
    const report = await withStandInPeer(peerLines('threads === 1 ? 40 + runs : 90'), 3);
    const oneThread = report.peer.find((p) => p.model === 'srnn' && p.threads === 1)!;
    const twoThreads = report.peer.find((p) => p.model === 'srnn' && p.threads === 2)!;
    // Round 1 ran both thread counts (runs 0 and 1); rounds 2 and 3 only the faster (runs 2, 3).
    expect(oneThread.roundsMs).toEqual([40, 42, 43]);
    expect(oneThread.medianMs).toBe(42);
    expect(twoThreads.roundsMs).toEqual([90]);
    const srnn = report.rows.find((r) => r.section === 'step' && r.model === 'SRNN(8,2)')!;
    expect(srnn.roundsMs).toHaveLength(3);
    const sorted = [...srnn.roundsMs!].sort((a, b) => a - b);
    expect(srnn.msPerStep).toBe(sorted[1]);
    expect(srnn.vsPytorch).toBeCloseTo(42 / srnn.msPerStep!, 10);
    const gru = report.rows.find((r) => r.section === 'step' && r.model === 'GRU (ours)')!;
    expect(gru.vsPytorch).toBeCloseTo(30 / gru.msPerStep!, 10);
    expect(speedTables(report).peer.markdown()).toContain('| 40, 42, 43 |');
    expect(report.peerSkipped).toBeUndefined();
  });

  it('keeps the thread count chosen in the first round when later rounds run slower', async () => {
    // 1 thread: 40 ms in round 1, then 200 ms; 2 threads: 90 ms. A choice remade every round
    // would switch to 2 threads once the 1-thread median passes 90.
    const report = await withStandInPeer(
      peerLines('threads === 1 ? (runs === 0 ? 40 : 200) : 90'),
      3,
    );
    const oneThread = report.peer.find((p) => p.model === 'srnn' && p.threads === 1)!;
    const twoThreads = report.peer.find((p) => p.model === 'srnn' && p.threads === 2)!;
    expect(oneThread.roundsMs).toEqual([40, 200, 200]);
    expect(twoThreads.roundsMs).toEqual([90]);
  });

  it('says the peer stopped, and keeps its finished rounds, when it fails part-way', async () => {
    // Runs 0 and 1 (round 1, both thread counts) succeed; run 2 (round 2) fails.
    const report = await withStandInPeer(
      `if (runs === 2) { console.error('out of memory'); process.exit(1); }\n${peerLines('40')}`,
      3,
    );
    expect(report.peerSkipped).toMatch(/^stopped by an error, the rounds before it kept: /);
    expect(report.peerSkipped).toContain('out of memory');
    const oneThread = report.peer.find((p) => p.model === 'srnn' && p.threads === 1)!;
    expect(oneThread.roundsMs).toEqual([40]);
    const out = mkdtempSync(join(tmpdir(), 'srnn-speed-report-'));
    try {
      const settings = { sizes: options.sizes, stepLength: 64, rounds: 3 };
      const run = {
        backend: 'cpu',
        startedAt: new Date(0).toISOString(),
        seconds: 1,
        loadAverageAtStart: [0, 0, 0],
      };
      const text = await writeSpeedReport(out, report, settings, run);
      // The ratios of the kept rounds are explained, and the stop is said.
      expect(text).toContain("PyTorch ms / ours: the peer's best time");
      expect(text).toContain('PyTorch peer: stopped by an error');
      // The sizes that ran, not the paper's; and which GRU each side runs.
      expect(text).toContain('vocabulary 40, embedding 4, 4 units, 3 classes');
      expect(text).not.toContain("the paper's sizes");
      expect(text).toContain("The peer's GRU is PyTorch's nn.GRU: tanh candidate");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('hands the peer the very batches our models train on, natural text included', async () => {
    // The stand-in reads the .npy files it is given (header skipped, int32 little-endian) and
    // reports the sum of the ids as its "ms", so the test sees what it read.
    const report = await withStandInPeer(
      `const ids = args[args.indexOf('--ids') + 1];
const bytes = fs.readFileSync(ids);
const offset = 10 + bytes.readUInt16LE(8);
let sum = 0;
for (let i = offset; i < bytes.length; i += 4) sum += bytes.readInt32LE(i);
console.log(JSON.stringify({ peer: 'fake-1', model: 'srnn', medianMs: sum }));
console.log(JSON.stringify({ peer: 'fake-1', model: 'gru', medianMs: 1 }));`,
      1,
      { idKinds: ['uniform', 'natural'] },
    );
    const natural = naturalTextBatch(2, 64, 40, 3);
    const sum = (x: Int32Array) => x.reduce((a, b) => a + b, 0);
    const peerOf = (ids: string) =>
      report.peer.find((p) => p.model === 'srnn' && p.ids === ids && p.threads === 1)!;
    expect(peerOf('natural').medianMs).toBe(sum(natural.x));
    // The uniform batch is the seeded one our models time.
    const { randomBatch } = await import('../src/experiments/timing');
    expect(peerOf('uniform').medianMs).toBe(sum(randomBatch(2, 64, options.sizes).x));
    // Natural rows: our SRNN and GRU, no tf.layers row (its step does not depend on the ids).
    const naturalRows = report.rows.filter((r) => r.section === 'step' && r.ids === 'natural');
    expect(naturalRows.map((r) => r.model)).toEqual([
      'SRNN(8,2)',
      'SRNN(8,2) skipping padding',
      'GRU (ours)',
    ]);
    // Skipping padding is not the paper's function: no PyTorch ratio beside it.
    expect(naturalRows[1]!.skipPadding).toBe(true);
    expect(naturalRows[1]!.vsPytorch).toBeUndefined();
    expect(naturalRows[0]!.vsPytorch).toBeDefined();
    expect(report.batches.map((b) => b.ids)).toEqual(['uniform', 'natural']);
  });

  const torchPython = '/usr/bin/python3';
  const hasTorch =
    spawnSync(torchPython, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
  (hasTorch ? it : it.skip)(
    'runs the real PyTorch peer on a batch file, and a product',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'srnn-real-peer-'));
      try {
        const batch = naturalTextBatch(2, 64, 40, 3);
        const files = await writePeerBatch(folder, 'natural-2', batch);
        const settings = { ...options, peer: 'auto' as const, stepLength: 64 };
        const run = runPeerOnce(torchPython, peerScriptPath(), settings, 2, 1, files);
        if ('failed' in run) throw new Error(run.failed);
        expect(run.results.map((r) => r.model)).toEqual(['srnn', 'gru']);
        // A batch file whose shape is not the one asked for is refused, naming the file.
        const wrong = runPeerOnce(torchPython, peerScriptPath(), settings, 3, 1, files);
        expect(wrong).toEqual({
          failed: expect.stringContaining('natural-2-ids.npy: shape (2, 64)'),
        });
        const product = runPeerProduct(torchPython, peerScriptPath(), [64, 8, 12], 1, 1);
        if ('failed' in product) throw new Error(product.failed);
        expect(product.medianMs).toBeGreaterThan(0);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
