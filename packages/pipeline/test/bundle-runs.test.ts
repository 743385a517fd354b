// The trained directory as a bundle: first-release directories still predict what they did, a
// kill at each write of the final bundle leaves the old or the new complete model, and --out is
// checked before anything is written.
import { readBundleDirectory } from '@srnn/bundle/node';
import { lockFolder } from '@srnn/files';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  loadTrainedModel,
  prepareData,
  trainModel,
  type ModelChoice,
  type PreparedData,
  type TrainingChoice,
} from '../src';
import { REVIEWS_CSV, temporaryDir, TOPICS_JSONL, useCpu } from './helpers';

const LEGACY = join(__dirname, '..', '..', '..', 'test-fixtures', 'legacy-models');
const TEXTS = ['The food was great', 'Terrible service, cold food and a rude waiter', 'ok'];

const model: ModelChoice = { architecture: 'srnn', spec: 'SRNN(4,1)', units: 8, embeddingDim: 8 };
const training: TrainingChoice = { epochs: 1, batchSize: 16, learningRate: 0.05, seed: 5 };

let root: { dir: string; cleanup: () => Promise<void> };
let reviews: PreparedData;
let topics: PreparedData;
beforeAll(async () => {
  await useCpu();
  root = await temporaryDir();
  reviews = await prepareData(
    { kind: 'files', train: REVIEWS_CSV },
    { maxLength: 16, vocabulary: 100, seed: 5 },
  );
  topics = await prepareData(
    { kind: 'files', train: TOPICS_JSONL, labelField: 'topic' },
    { maxLength: 16, vocabulary: 100, seed: 5 },
  );
});
afterAll(() => root.cleanup());

test.each(['srnn-gru', 'srnn-lstm'])(
  'the first-release directory %s loads with a notice and predicts its recorded answers to 1e-6',
  async (name) => {
    const trained = await loadTrainedModel(join(LEGACY, name));
    try {
      expect(trained.notices).toHaveLength(1);
      const expected = (await readFile(join(LEGACY, `${name}.expected-predictions.jsonl`), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { label: string; probabilities: Record<string, number> });
      const got = await trained.predict(TEXTS);
      got.forEach((prediction, i) => {
        expect(prediction.label).toBe(expected[i]!.label);
        for (const [label, p] of Object.entries(expected[i]!.probabilities))
          expect(Math.abs(prediction.probabilities[label]! - p)).toBeLessThan(1e-6);
      });
    } finally {
      trained.dispose();
    }
  },
);

test('a kill at each write of the final bundle leaves the old complete model or the new one', async () => {
  const finished = join(root.dir, 'finished');
  const first = await trainModel({
    data: reviews,
    model,
    training,
    outDir: finished,
    progress: 'none',
    handleSignals: false,
  });
  expect(first.status).toBe('completed');
  const labelsOf = async (dir: string) => (await readBundleDirectory(dir)).labels.join(',');
  expect(await labelsOf(finished)).toBe('neg,pos');

  const base = { model, training, progress: 'none', handleSignals: false, restart: true } as const;
  // The steps of one write of the new bundle.
  const steps: string[] = [];
  const probe = join(root.dir, 'probe');
  await cp(finished, probe, { recursive: true });
  await trainModel({
    ...base,
    data: topics,
    outDir: probe,
    onBundleWrite: (s) => void steps.push(s.kind),
  });
  for (let killAt = 0; killAt < steps.length; killAt++) {
    const dir = join(root.dir, `kill-${killAt}`);
    await cp(finished, dir, { recursive: true });
    let step = 0;
    await expect(
      trainModel({
        ...base,
        data: topics,
        outDir: dir,
        onBundleWrite: () => {
          if (step++ === killAt) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    // The old model (reviews) until the manifest's rename, the new one (topics) from then on.
    expect(await labelsOf(dir)).toBe(
      steps[killAt] === 'clean-up' ? 'cooking,sport,weather' : 'neg,pos',
    );
    // Rerunning finishes the new model and leaves one generation folder.
    const again = await trainModel({ ...base, data: topics, outDir: dir });
    expect(again.status).toBe('completed');
    expect(await labelsOf(dir)).toBe('cooking,sport,weather');
    expect((await readdir(dir)).filter((e) => e.startsWith('v-'))).toHaveLength(1);
  }
  expect(steps).toContain('publish-manifest');
});

test('a finished model is returned as it is for the same data and settings, refused for others', async () => {
  const dir = join(root.dir, 'as-is');
  await trainModel({
    data: reviews,
    model,
    training,
    outDir: dir,
    progress: 'none',
    handleSignals: false,
  });
  const before = await readBundleDirectory(dir);
  const again = await trainModel({
    data: reviews,
    model,
    training,
    outDir: dir,
    progress: 'none',
    handleSignals: false,
  });
  expect(again.status === 'completed' && again.training.resumed).toBe(true);
  expect((await readBundleDirectory(dir)).manifest).toEqual(before.manifest);
  await expect(
    trainModel({
      data: topics,
      model,
      training,
      outDir: dir,
      progress: 'none',
      handleSignals: false,
    }),
  ).rejects.toThrow(
    /outDir .* holds a finished model trained on other data or settings; what differs: train \(topics\.jsonl\).*restart: true/,
  );
  await expect(
    trainModel({
      data: reviews,
      model: { ...model, units: 9 },
      training,
      outDir: dir,
      progress: 'none',
      handleSignals: false,
    }),
  ).rejects.toThrow(/model\.units 8 -> 9/);
  expect((await readBundleDirectory(dir)).manifest).toEqual(before.manifest);
});

test("a finished model asked for again while another run writes its folder: returned, the other run's files left alone", async () => {
  const dir = join(root.dir, 'asked-while-written');
  const base = { model, training, progress: 'none', handleSignals: false } as const;
  await trainModel({ ...base, data: reviews, outDir: dir });
  // Another run (here: this process's lock) is writing a new generation into the folder.
  const other = await lockFolder(dir);
  const generation = 'v-zzzzzzzz-0123abcd';
  await mkdir(join(dir, generation));
  await writeFile(join(dir, generation, 'weights.bin'), 'being written');
  try {
    const again = await trainModel({ ...base, data: reviews, outDir: dir });
    expect(again.status === 'completed' && again.training.resumed).toBe(true);
    expect(await readdir(dir)).toContain(generation);
  } finally {
    await other.release();
  }
  // Once the folder is free, the same request removes what bundle.json does not name.
  await trainModel({ ...base, data: reviews, outDir: dir });
  expect(await readdir(dir)).not.toContain(generation);
});

test('a run started over a finished model (restart) and interrupted resumes on the same command without restart', async () => {
  const dir = join(root.dir, 'restart-resume');
  const base = {
    model,
    training: { ...training, epochs: 2 },
    progress: 'none',
    handleSignals: false,
  } as const;
  await trainModel({ ...base, data: reviews, outDir: dir });
  const finished = await readBundleDirectory(dir);
  let steps = 0;
  const stopAfterThreeSteps = {
    get aborted() {
      return steps >= 3;
    },
  };
  const first = await trainModel({
    ...base,
    data: topics,
    outDir: dir,
    restart: true,
    signal: stopAfterThreeSteps,
    onStepEnd: () => (steps += 1),
  });
  expect(first.status).toBe('interrupted');
  // The finished model is still the one a reader sees.
  expect((await readBundleDirectory(dir)).manifest).toEqual(finished.manifest);
  let resumedSteps = 0;
  const second = await trainModel({
    ...base,
    data: topics,
    outDir: dir,
    onStepEnd: () => (resumedSteps += 1),
  });
  if (second.status !== 'completed') throw new Error(second.message);
  expect(second.training.resumed).toBe(true);
  // Only the steps after the checkpoint ran again.
  const perEpoch = Math.ceil(topics.train.shape[0] / training.batchSize!);
  expect(resumedSteps).toBe(2 * perEpoch - 3);
  expect((await readBundleDirectory(dir)).manifest).not.toEqual(finished.manifest);
});

test('a second run into a folder another run is writing is refused, and the folder is free after', async () => {
  const dir = join(root.dir, 'two-runs');
  const base = { model, training, progress: 'none', handleSignals: false } as const;
  let second: Promise<unknown> | undefined;
  const first = trainModel({
    ...base,
    data: reviews,
    outDir: dir,
    // Started once the first run holds the folder (its first step).
    onStepEnd: () => {
      second ??= trainModel({ ...base, data: reviews, outDir: dir });
    },
  });
  const done = await first;
  expect(done.status).toBe('completed');
  await expect(second).rejects.toThrow(
    /outDir .*two-runs is being written by another process \(pid \d+, in .*\.srnn-lock\).*nothing was changed/,
  );
  expect(await readdir(dir)).not.toContain('.srnn-lock');
  // Free again: the same run is returned as it is.
  const again = await trainModel({ ...base, data: reviews, outDir: dir });
  expect(again.status === 'completed' && again.training.resumed).toBe(true);
});
