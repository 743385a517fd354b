import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@srnn/backend';
import { runScale, type SyntheticGenerator } from '../src/experiments/scale';
import { scaleMarkdown } from '../src/experiments/scale-report';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

/** A stand-in for the synthetic generator: Zhang-format Amazon_F files of short reviews. */
const tinyAmazon: SyntheticGenerator = async ({ out, documents }) => {
  const dir = join(out, 'amazon_review_full_csv');
  await mkdir(dir, { recursive: true });
  const words = ['good', 'bad', 'fine', 'great', 'poor', 'ok', 'nice', 'awful'];
  const row = (i: number) =>
    `"${(i % 5) + 1}","title ${i}","${Array.from({ length: 5 + (i % 30) }, (_, w) => words[(i * 7 + w) % 8]).join(' ')}"`;
  const test = Math.floor(documents / 5);
  const lines = Array.from({ length: documents }, (_, i) => row(i));
  await writeFile(join(dir, 'train.csv'), `${lines.slice(test).join('\n')}\n`);
  await writeFile(join(dir, 'test.csv'), `${lines.slice(0, test).join('\n')}\n`);
  return {
    documents,
    files: ['amazon_review_full_csv/train.csv', 'amazon_review_full_csv/test.csv'],
  };
};

describe('pnpm reproduce --experiment scale (tiny size)', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'srnn-scale-'));
  });
  afterEach(async () => rm(work, { recursive: true, force: true }));

  it('generates, prepares, trains a fixed number of steps, validates and projects an epoch', async () => {
    let generatedTimes = 0;
    const options = {
      dataset: 'amazon-f' as const,
      documents: 400,
      steps: 3,
      dataDir: join(work, 'data'),
      workDir: join(work, 'out'),
      vocabulary: 50,
      embeddingDim: 4,
      units: 3,
      batchSize: 16,
      seed: 1,
      spec: 'SRNN(8,2)',
      generate: async (o: Parameters<SyntheticGenerator>[0]) => {
        generatedTimes += 1;
        return tinyAmazon(o);
      },
      log: () => {},
    };
    const report = await runScale(options);
    expect(report.generated).toBe(true);
    expect(report.documents).toBe(400);
    // The pipeline pools and splits the files 80/10/10 like the paper: 320/40/40.
    expect(report.split.reduce((a, b) => a + b, 0)).toBe(400);
    expect(report.maxLength).toBe(256); // Amazon's T in the paper
    expect(report.stepsTimed).toBe(3);
    expect(report.stepsPerEpoch).toBe(Math.ceil(report.split[0] / 16));
    expect(report.projectedEpochSeconds).toBeCloseTo(
      (report.stepsPerEpoch * report.msPerStep) / 1000 +
        report.validationSeconds +
        report.checkpointSeconds,
      10,
    );
    expect(report.paperEpochSeconds).toBe(1147);
    expect(report.peakRssMiB.afterValidation).toBeGreaterThanOrEqual(
      report.peakRssMiB.afterGeneration,
    );
    // The stopped run's checkpoint folder is cleaned up; the data is kept for the next run.
    await expect(readFile(join(work, 'out', 'scale-run', 'config.json'))).rejects.toThrow();
    const again = await runScale(options);
    expect(again.generated).toBe(false);
    expect(generatedTimes).toBe(1);
    const md = scaleMarkdown(report);
    expect(md).toContain('SYNTHETIC data shaped like amazon-f (400 documents');
    expect(md).toContain("| the paper's epoch (NVIDIA GTX 1080) | 1,147 s |");
  });
});
