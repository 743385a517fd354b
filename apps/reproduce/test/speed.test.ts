import { selectBackend } from '@srnn/backend';
import { runPeer, runSpeed, speedTables } from '../src/experiments/speed';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

const options = {
  stepLength: 64,
  batchSizes: [2],
  lengths: [16, 64],
  lengthBatch: 2,
  steps: 1,
  maxSeconds: 600,
  peer: 'skip' as const,
  sizes: { vocabulary: 40, embeddingDim: 4, units: 4, classes: 3, seed: 1 },
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
    expect(runPeer({ ...options, peer: 'auto', python: 'no-such-python' }, __filename)).toEqual({
      skipped:
        "skipped: no Python with torch (tried no-such-python; install torch, e.g. Debian's python3-torch, to compare)",
    });
    expect(runPeer({ ...options, peer: 'auto' }, 'missing.py')).toEqual({
      skipped: 'skipped: missing.py not found',
    });
  });
});
