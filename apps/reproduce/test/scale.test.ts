import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '@srnn/backend';
import { generateSyntheticDataset } from '@srnn/datasets';
import { runScale, type SyntheticGenerator } from '../src/experiments/scale';
import { planScaleData } from '../src/experiments/scale-data';
import { scaleMarkdown } from '../src/experiments/scale-report';
import { syntheticGenerator } from '../src/experiments/synthetic-generator';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', log: () => {} });
});

describe('pnpm reproduce --experiment scale (tiny size)', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'srnn-scale-'));
  });
  afterEach(async () => rm(work, { recursive: true, force: true }));

  it('generates, prepares, times both computations, validates and projects an epoch', async () => {
    let generatedTimes = 0;
    const lines: string[] = [];
    const generate = syntheticGenerator();
    const options = {
      dataset: 'amazon-f' as const,
      documents: 400,
      steps: 4,
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
        return generate(o);
      },
      log: (line: string) => lines.push(line),
    };
    const report = await runScale(options);
    expect(report.generated).toBe(true);
    expect(report.documents).toBe(400);
    expect(report.paperDocuments).toBe(3_650_000);
    // The pipeline pools and splits the files 80/10/10 like the paper: 320/40/40.
    expect(report.split).toEqual([320, 40, 40]);
    expect(report.maxLength).toBe(256); // Amazon's T in the paper
    // Prepared as a paper run: two passes, compact ids without padding (2 bytes an id, fewer than
    // 256 a document) and 401 row offsets of 4 bytes.
    expect(report.passes).toBe(2);
    expect(report.ids).toBe('Uint16Array');
    const idsPerDocument = report.idsPerDocument!;
    expect(idsPerDocument).toBeGreaterThan(0);
    expect(idsPerDocument).toBeLessThan(256);
    expect(report.matrixMiB * 1024 * 1024).toBeCloseTo(400 * idsPerDocument * 2 + 401 * 4, 6);
    expect(report.stepsPerEpoch).toBe(Math.ceil(320 / 16));
    expect(report.variants.map((v) => [v.label, v.skipPadding])).toEqual([
      ['paper computation', false],
      ['skipping padding', true],
    ]);
    // Timed in turns: two rounds of 2 steps each (after a warm-up step), the order turned round.
    expect(lines.filter((l) => l.includes(' round ')).map((l) => l.split(':')[1]!.trim())).toEqual([
      'round 1 of 2, paper computation',
      'round 1 of 2, skipping padding',
      'round 2 of 2, skipping padding',
      'round 2 of 2, paper computation',
    ]);
    for (const v of report.variants) {
      expect(v.stepsTimed).toBe(4);
      expect(v.rounds).toBe(2);
      expect(v.projectedEpochSeconds).toBeCloseTo(
        (report.stepsPerEpoch * v.msPerStep) / 1000 + v.validationSeconds + v.checkpointSeconds,
        10,
      );
      // At Amazon_F's 3,650,000 documents: 80% of them in batches of 16, 9,125 times the validation.
      expect(v.projectedPaperEpochSeconds).toBeCloseTo(
        (182_500 * v.msPerStep) / 1000 + v.validationSeconds * 9125 + v.checkpointSeconds,
        6,
      );
      expect(v.peakRssMiB.afterValidation).toBeGreaterThanOrEqual(
        report.peakRssMiB.afterPreparation,
      );
    }
    expect(report.paperEpochSeconds).toBe(1147);
    expect(report.projectedPeakRssMiB.documents).toBe(4_000_000);
    expect(report.projectedPeakRssMiB.mib).toBeCloseTo(
      report.peakRssMiB.atEnd +
        ((4_000_000 - 400) * (idsPerDocument * 2 + (401 * 4) / 400 + 16)) / (1024 * 1024),
      6,
    );
    // The stopped runs' checkpoint folder is cleaned up; the data is kept for the next run.
    await expect(readFile(join(work, 'out', 'scale-run', 'config.json'))).rejects.toThrow();
    const again = await runScale({ ...options, steps: 1 });
    expect(again.generated).toBe(false);
    expect(generatedTimes).toBe(1);
    const md = scaleMarkdown(report);
    expect(md).toContain('SYNTHETIC data shaped like amazon-f (400 documents');
    expect(md).toContain('| SRNN(8,2) | paper computation | skipping padding |');
    expect(md).toContain('in 2 rounds of steps each, taking turns');
    expect(md).toContain("| that epoch vs the paper's 1,147 s (NVIDIA GTX 1080) |");
    expect(md).toContain("| projected epoch at the paper's 3,650,000 documents");
    expect(md).toContain("| token ids: each document's ids without padding (Uint16Array, ");
  });
});

describe('the scale data folder', () => {
  let dir: string;
  const wanted = { dataset: 'amazon-f' as const, documents: 30, seed: 2018 };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'srnn-scale-data-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('is reused when the generator wrote it with the same data set, documents and seed', async () => {
    await generateSyntheticDataset({ ...wanted, out: dir });
    expect(await planScaleData(dir, wanted)).toEqual({ reuse: true });
  });

  it('is written again when a file is missing (the generator stopped before renaming it)', async () => {
    const summary = await generateSyntheticDataset({ ...wanted, out: dir });
    await unlink(join(dir, summary.files[0]!));
    expect(await planScaleData(dir, wanted)).toEqual({ reuse: false });
  });

  it('is refused, never overwritten, when it holds other data', async () => {
    await generateSyntheticDataset({ ...wanted, out: dir });
    await expect(planScaleData(dir, { ...wanted, documents: 40, seed: 7 })).rejects.toThrow(
      `${join(dir, 'SYNTHETIC-DATA.md')}: describes other data: documents 30, not 40; seed 2018, not 7`,
    );
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'train.csv'), '"1","a","b"\n');
    await expect(planScaleData(other, wanted)).rejects.toThrow(
      `${other} holds files but no SYNTHETIC-DATA.md`,
    );
    expect(await planScaleData(join(dir, 'new'), wanted)).toEqual({ reuse: false });
  });
});
