import { selectBackend } from '@srnn/backend';
import { runTable3, table3Table } from '../src';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

const tiny = {
  batchSize: 2,
  steps: 1,
  documents: 5120,
  vocabulary: 50,
  embeddingDim: 4,
  units: 4,
  classes: 3,
  seed: 1,
  log: () => {},
};

describe('table 3 timing', () => {
  it('times SRNN and the GRU per length and extrapolates to 5,120 documents', async () => {
    const [row] = await runTable3({ ...tiny, lengths: [64], maxSeconds: 600 });
    expect(row!.srnn).toBe('SRNN(8,1)');
    expect(row!.srnnMsPerStep).toBeGreaterThan(0);
    expect(row!.gruMsPerStep).toBeGreaterThan(0);
    expect(row!.speedup).toBeCloseTo(row!.gruMsPerStep! / row!.srnnMsPerStep, 10);
    expect(row!.tfjsGruMsPerStep).toBeGreaterThan(0);
    expect(row!.speedupVsTfjs).toBeCloseTo(row!.tfjsGruMsPerStep! / row!.srnnMsPerStep, 10);
    // 5,120 documents at batch 2 are 2,560 steps.
    expect(row!.srnnSeconds).toBeCloseTo((row!.srnnMsPerStep * 2560) / 1000, 10);
    expect(row!.paper).toBeUndefined(); // the paper has no T = 64 row
  });

  it("skips the GRU where the last length's time predicts a step over the budget", async () => {
    const rows = await runTable3({ ...tiny, lengths: [16, 32], maxSeconds: 1e-9 });
    expect(rows[0]!.gruMsPerStep).toBeGreaterThan(0); // nothing to predict from yet
    expect(rows[1]!.gruMsPerStep).toBeUndefined();
    expect(rows[1]!.tfjsGruMsPerStep).toBeUndefined();
    expect(rows[1]!.gruSkippedReason).toMatch(
      /^GRU: predicted .* exceeds --max-seconds .*; GRU \(tf.layers\): predicted .* exceeds/,
    );
    expect(table3Table(rows).markdown()).toContain('| skipped |');
  });
});
