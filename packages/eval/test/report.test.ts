import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import {
  buildRunReport,
  resultsTable,
  trainClassifier,
  writeJsonReport,
  type CompletedTraining,
} from '../src';
import { temporaryDirectory, tinyModel, toySplit, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

describe('reports', () => {
  it('writes a JSON report with settings, figures, backend and machine', async () => {
    const dir = await temporaryDirectory();
    try {
      const run = (await trainClassifier({
        name: 'tiny',
        model: tinyModel(),
        train: toySplit(20),
        validation: toySplit(10, { seed: 3 }),
        test: toySplit(10, { seed: 4 }),
        outputDir: join(dir.path, 'run'),
        batchSize: 10,
        epochs: 2,
        progress: 'none',
      })) as CompletedTraining;
      const report = buildRunReport([run], { dataset: 'toy' });
      const path = join(dir.path, 'report.json');
      await writeJsonReport(path, report);
      const parsed = JSON.parse(await readFile(path, 'utf8'));
      expect(parsed.machine).toMatchObject({
        cores: os.cpus().length,
        memoryBytes: os.totalmem(),
        nodeVersion: process.version,
        tfBackend: 'cpu',
      });
      expect(typeof parsed.machine.cpuModel).toBe('string');
      expect(parsed.extra).toEqual({ dataset: 'toy' });
      expect(parsed.runs[0].settings).toMatchObject({
        name: 'tiny',
        batchSize: 10,
        epochs: 2,
        seed: 2018,
      });
      expect(parsed.runs[0].history).toHaveLength(2);
      expect(parsed.runs[0].test.confusion).toEqual(run.test!.confusion);
    } finally {
      await dir.cleanup();
    }
  });

  it("builds the results table with the paper's figures beside ours", () => {
    const fake = (name: string, val: number, test: number, seconds: number[]): CompletedTraining =>
      ({
        settings: { name, parameterCount: 1234 },
        bestValidationAccuracy: val,
        test: { accuracy: test },
        history: seconds.map((s) => ({ seconds: s })),
      }) as unknown as CompletedTraining;
    const t = resultsTable(
      [fake('GRU', 0.5, 0.25, [10, 20]), fake('SRNN(8,2)', 0.6711, 0.668, [3])],
      {
        'SRNN(8,2)': { validationPercent: 67.11, testPercent: 66.8, secondsPerEpoch: 145 },
      },
    );
    expect(t.headers).toEqual([
      'model',
      'params',
      'val %',
      'test %',
      's/epoch',
      'paper val %',
      'paper test %',
      'paper s/epoch',
    ]);
    expect(t.cells).toEqual([
      ['GRU', '1234', '50.00', '25.00', '15.0', '', '', ''],
      ['SRNN(8,2)', '1234', '67.11', '66.80', '3.0', '67.11', '66.80', '145'],
    ]);
  });
});
