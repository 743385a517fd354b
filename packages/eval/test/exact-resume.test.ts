import { mulberry32 } from '@srnn/random';
import {
  trainClassifier,
  type CompletedTraining,
  type InterruptedTraining,
  type TrainOptions,
} from '../src';
import { temporaryDirectory, tinyModel, toySplit, useCpuBackend, weightBytes } from './helpers';

beforeAll(useCpuBackend);

// 50 rows / batch 8 = 7 steps per epoch (six of 8, one of 2), 4 epochs = 28 steps: enough steps
// for Adam's running powers beta^t, multiplied step by step in float32, to part from pow(beta, t).
const base = {
  train: toySplit(50, { seed: 4 }),
  validation: toySplit(20, { seed: 5 }),
  test: toySplit(20, { seed: 6 }),
  batchSize: 8,
  epochs: 4,
  adam: { learningRate: 0.03 },
  progress: 'none',
} as const satisfies Partial<TrainOptions>;
const TOTAL_STEPS = 28;

/** Weights as bytes and the exact figures of a finished run (timings left out). */
function outcome(result: CompletedTraining, weights: Uint8Array[]) {
  return {
    weights,
    losses: result.history.map((r) => [r.loss, r.validationLoss, r.validationAccuracy]),
    bestEpoch: result.bestEpoch,
    test: result.test,
  };
}

async function uninterrupted() {
  const dir = await temporaryDirectory();
  try {
    const model = tinyModel();
    const result = (await trainClassifier({
      ...base,
      model,
      outputDir: dir.path,
    })) as CompletedTraining;
    return outcome(result, weightBytes(model));
  } finally {
    await dir.cleanup();
  }
}

/** Stops after each global step in `stops` in turn (one process per piece), then finishes. */
async function interruptedAt(stops: readonly number[]) {
  const dir = await temporaryDirectory();
  try {
    for (const [i, stopAt] of stops.entries()) {
      const controller = { aborted: false };
      const piece = (await trainClassifier({
        ...base,
        // The first piece starts like the reference; each later one stands for a new process,
        // whose model is built with other initial weights that the checkpoint must overwrite.
        model: i === 0 ? tinyModel() : tinyModel({ seed: 100 + i }),
        outputDir: dir.path,
        signal: controller,
        onStepEnd: (info) => {
          if (info.globalStep === stopAt) controller.aborted = true;
        },
      })) as InterruptedTraining;
      expect(piece.status).toBe('interrupted');
      expect(piece.globalStep).toBe(stopAt);
    }
    const model = tinyModel({ seed: 42 });
    const result = (await trainClassifier({
      ...base,
      model,
      outputDir: dir.path,
    })) as CompletedTraining;
    return outcome(result, weightBytes(model));
  } finally {
    await dir.cleanup();
  }
}

describe('exact resume', () => {
  let reference: Awaited<ReturnType<typeof uninterrupted>>;
  beforeAll(async () => {
    reference = await uninterrupted();
  });

  // Seeded draw of stopping steps, mid-epoch as well as on epoch boundaries.
  const draw = mulberry32(20261206);
  const stops = [
    ...new Set(Array.from({ length: 4 }, () => 1 + Math.floor(draw() * (TOTAL_STEPS - 1)))),
  ];

  it.each(stops)(
    'ends with the same weights, byte for byte, after a stop at step %i',
    async (stop) => {
      expect(await interruptedAt([stop])).toEqual(reference);
    },
  );

  it('ends with the same weights after several stops in one run', async () => {
    const several = [...stops].sort((a, b) => a - b);
    expect(await interruptedAt(several)).toEqual(reference);
  });
});
