import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  readWeightsFile,
  trainClassifier,
  type CompletedTraining,
  type InterruptedTraining,
  type TrainOptions,
} from '../src';
import { temporaryDirectory, tinyModel, toySplit, useCpuBackend, weightValues } from './helpers';

beforeAll(useCpuBackend);

const run = promisify(execFile);

const train = toySplit(50, { seed: 4 });
const validation = toySplit(20, { seed: 5 });
const test = toySplit(20, { seed: 6 });
// 50 rows / batch 16 = 4 steps per epoch (16, 16, 16, 2), 3 epochs = 12 steps.
const base = {
  train,
  validation,
  test,
  batchSize: 16,
  epochs: 3,
  adam: { learningRate: 0.03 },
  progress: 'none',
} as const;

async function uninterruptedRun(): Promise<{ result: CompletedTraining; weights: Float32Array[] }> {
  const dir = await temporaryDirectory();
  try {
    const model = tinyModel();
    const result = (await trainClassifier({
      ...base,
      model,
      outputDir: dir.path,
    })) as CompletedTraining;
    return { result, weights: weightValues(model) };
  } finally {
    await dir.cleanup();
  }
}

/** The same figures and weights bit for bit; timings naturally differ and are left out. */
function expectSameRun(
  actual: { result: CompletedTraining; weights: Float32Array[] },
  expected: { result: CompletedTraining; weights: Float32Array[] },
): void {
  const figures = (run: CompletedTraining) =>
    run.history.map((r) => [
      r.loss,
      r.trainAccuracy,
      r.validationAccuracy,
      r.validationLoss,
      r.tokens,
      r.steps,
    ]);
  expect(figures(actual.result)).toEqual(figures(expected.result));
  expect(actual.result.bestEpoch).toBe(expected.result.bestEpoch);
  expect(actual.result.test).toEqual(expected.result.test);
  expect(actual.weights).toEqual(expected.weights);
}

/** Interrupts at global step `stopAt` using `interrupt`, then resumes with a differently initialised model. */
async function interruptedThenResumed(
  stopAt: number,
  interrupt: (controller: { aborted: boolean }) => void,
  extra: Partial<TrainOptions> = {},
): Promise<{ first: InterruptedTraining; result: CompletedTraining; weights: Float32Array[] }> {
  const dir = await temporaryDirectory();
  try {
    const controller = { aborted: false };
    const first = (await trainClassifier({
      ...base,
      ...extra,
      model: tinyModel(),
      outputDir: dir.path,
      signal: controller,
      onStepEnd: (info) => {
        if (info.globalStep === stopAt) interrupt(controller);
      },
    })) as InterruptedTraining;
    // A new process would build a new model: different initial weights, overwritten on resume.
    const model = tinyModel({ seed: 42 });
    const result = (await trainClassifier({
      ...base,
      ...extra,
      model,
      outputDir: dir.path,
    })) as CompletedTraining;
    return { first, result, weights: weightValues(model) };
  } finally {
    await dir.cleanup();
  }
}

describe('interrupting and resuming', () => {
  let reference: { result: CompletedTraining; weights: Float32Array[] };
  beforeAll(async () => {
    reference = await uninterruptedRun();
  });

  it('stops after the current step on an abort signal and resumes to the same result', async () => {
    const run = await interruptedThenResumed(6, (controller) => {
      controller.aborted = true;
    });
    expect(run.first.status).toBe('interrupted');
    expect(run.first.epoch).toBe(2);
    expect(run.first.step).toBe(2);
    expect(run.first.globalStep).toBe(6);
    expect(run.first.history).toHaveLength(1);
    expect(run.first.message).toMatch(
      /interrupted by abort signal at epoch 2, step 2\/4.*Resume with the same output directory/,
    );
    expect(run.result.resumed).toBe(true);
    expectSameRun(run, reference);
  });

  it('does the same when SIGINT is emitted on the process', async () => {
    const run = await interruptedThenResumed(3, () => {
      process.emit('SIGINT', 'SIGINT');
    });
    expect(run.first.status).toBe('interrupted');
    expect(run.first.message).toMatch(/interrupted by SIGINT at epoch 1, step 3\/4/);
    expectSameRun(run, reference);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('handles a real OS signal in a separate process, within a step, then resumes', async () => {
    // Jest gives tests a sandboxed `process`, so a real signal is sent from a child process.
    const dir = await temporaryDirectory();
    try {
      const { stdout } = await run(process.execPath, [
        '--import',
        'tsx',
        join(__dirname, 'fixtures', 'interrupt-self.ts'),
        dir.path,
      ]);
      const first = JSON.parse(stdout) as InterruptedTraining;
      expect(first.status).toBe('interrupted');
      expect(first.message).toMatch(/interrupted by SIGINT at epoch 1/);
      // Noticed within the epoch (4 steps), not only when the epoch's checkpoint is written.
      expect(first.epoch).toBe(1);
      expect(first.step).toBeLessThan(4);
      const model = tinyModel({ seed: 42 });
      const result = (await trainClassifier({
        ...base,
        model,
        outputDir: dir.path,
      })) as CompletedTraining;
      expectSameRun({ result, weights: weightValues(model) }, reference);
    } finally {
      await dir.cleanup();
    }
  });

  it('resumes correctly from the last step of an epoch (before its validation)', async () => {
    const run = await interruptedThenResumed(8, () => {
      process.emit('SIGTERM', 'SIGTERM');
    });
    expect(run.first.epoch).toBe(2);
    expect(run.first.step).toBe(4);
    expectSameRun(run, reference);
  });

  it('returns the stored result when the run in the folder has completed', async () => {
    const dir = await temporaryDirectory();
    try {
      const first = (await trainClassifier({
        ...base,
        model: tinyModel(),
        outputDir: dir.path,
      })) as CompletedTraining;
      const again = tinyModel({ seed: 8 });
      const second = (await trainClassifier({
        ...base,
        model: again,
        outputDir: dir.path,
      })) as CompletedTraining;
      expect(second.history).toEqual(first.history);
      expect(second.test).toEqual(first.test);
      expect(second.resumed).toBe(true);
      // The best weights were loaded into the new model.
      const bestFile = (await readdir(dir.path)).filter((f) => /^best-epoch-\d+-\d+\.bin$/.test(f));
      expect(bestFile).toHaveLength(1);
      expect(bestFile[0]).toMatch(new RegExp(`^best-epoch-${first.bestEpoch}-\\d+\\.bin$`));
      const best = await readWeightsFile(first.bestWeightsPath);
      weightValues(again).forEach((values, i) =>
        expect(Array.from(values)).toEqual(Array.from(best[i]!.values)),
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('refuses to return a finished run for a different number of epochs', async () => {
    const dir = await temporaryDirectory();
    try {
      const first = (await trainClassifier({
        ...base,
        model: tinyModel(),
        outputDir: dir.path,
      })) as CompletedTraining;
      await expect(
        trainClassifier({
          ...base,
          epochs: first.settings.epochs + 1,
          model: tinyModel(),
          outputDir: dir.path,
        }),
      ).rejects.toThrow(
        `holds a finished run of ${first.settings.epochs} epochs (patience null); this run asks for ${first.settings.epochs + 1}`,
      );
    } finally {
      await dir.cleanup();
    }
  });

  it('refuses to resume with different settings and names them', async () => {
    const dir = await temporaryDirectory();
    try {
      const controller = { aborted: true };
      await trainClassifier({
        ...base,
        model: tinyModel(),
        outputDir: dir.path,
        signal: controller,
      });
      await expect(
        trainClassifier({ ...base, batchSize: 10, model: tinyModel(), outputDir: dir.path }),
      ).rejects.toThrow(/cannot resume .*batchSize: checkpoint 16, now 10.*resume: false/);
      const fresh = await trainClassifier({
        ...base,
        batchSize: 10,
        model: tinyModel(),
        outputDir: dir.path,
        resume: false,
      });
      expect(fresh.status).toBe('completed');
    } finally {
      await dir.cleanup();
    }
  });
});
