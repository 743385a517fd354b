import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table2Lineup } from '../src';
import {
  modelSeconds,
  planExperiment,
  planLines,
  splitOf,
  type ExperimentPlan,
} from '../src/plan/experiment-plan';
import { RunClock } from '../src/plan/run-clock';
import type { StepEstimate } from '../src/plan/step-estimate';

const fixed: StepEstimate = { msPerStep: 10, msPerEvaluationBatch: 2 };

describe('the plan printed before training', () => {
  let runs: string;
  beforeEach(async () => {
    runs = await mkdtemp(join(tmpdir(), 'srnn-plan-'));
  });
  afterEach(async () => rm(runs, { recursive: true, force: true }));

  it('splits as the run does: validation and test a tenth each, rounded down', () => {
    expect(splitOf(1000)).toEqual([800, 100, 100]);
    expect(splitOf(5172)).toEqual([4138, 517, 517]);
  });

  it('works out documents, steps and durations, and keeps models an earlier run finished', async () => {
    // uci-yelp: 1,000 documents: 800/100/100, so 8 training steps of 100, 1 validation and 1
    // test batch: 8 epochs x (8 x 10 ms + 1 x 2 ms) + 1 x 2 ms = 658 ms.
    expect(modelSeconds(fixed, 8, [800, 100, 100], 100)).toBeCloseTo(0.658, 10);
    await mkdir(join(runs, 'uci-yelp', 'GRU'), { recursive: true });
    await writeFile(join(runs, 'uci-yelp', 'GRU', 'bundle.json'), '{}');
    const asked: string[] = [];
    const plan = await planExperiment(
      {
        datasets: [
          { id: 'uci-yelp', maxLength: 64, epochs: 8, variants: table2Lineup(64).slice(0, 3) },
          { id: 'yelp2013', maxLength: 512, epochs: 10, variants: table2Lineup(512).slice(2, 3) },
        ],
        vocabulary: 300,
        embeddingDim: 8,
        units: 4,
        batchSize: 100,
        seed: 1,
        runsDir: runs,
      },
      async (variant, sizes) => {
        asked.push(`${variant.label}@${sizes.maxLength}/${sizes.classes}`);
        return fixed;
      },
    );
    expect(asked).toEqual(['SRNN(16,1)@64/2', 'SRNN(8,2)@64/2', 'SRNN(8,2)@512/5']);
    const [yelp, paper] = plan.datasets;
    expect(yelp!.split).toEqual([800, 100, 100]);
    expect(yelp!.models.map((m) => m.seconds)).toEqual(
      [0, 0.658, 0.658].map((x) => expect.closeTo(x, 10)),
    );
    expect(yelp!.models[0]!.estimate).toBeUndefined();
    // Yelp 2013 by the paper's table 1: 468,608 documents, 46,860 each for validation and test.
    expect(paper!.split).toEqual([374888, 46860, 46860]);
    const steps = Math.ceil(374888 / 100);
    const evalBatches = Math.ceil(46860 / 100);
    const seconds = (10 * (steps * 10 + evalBatches * 2) + evalBatches * 2) / 1000;
    expect(paper!.models[0]!.seconds).toBeCloseTo(seconds, 10);
    expect(plan.seconds).toBeCloseTo(2 * 0.658 + seconds, 10);

    const text = planLines(plan, 100).join('\n');
    expect(text).toContain('1 warm-up and 2 timed training steps of each model');
    expect(text).toContain(
      "yelp2013: 468,608 documents (the paper's table 1; your files may hold fewer), split 374,888/46,860/46,860, T = 512: 3,749 steps of 100 per epoch, 10 epochs",
    );
    expect(text).toMatch(/GRU +finished by an earlier run: kept/);
    // 10 x (3,749 x 10 ms + 469 x 2 ms) + 469 x 2 ms = 385.2 s.
    expect(text).toMatch(/SRNN\(8,2\) +10 ms\/step {2}about 0:39 per epoch, 6:25 in all/);
  });

  it('plans one run per seed in its own folder, estimating each model once', async () => {
    const [, , srnn] = table2Lineup(64);
    // Seed 2 of SRNN(8,2) finished in an earlier run; a finished single-seed run is another folder.
    await mkdir(join(runs, 'uci-yelp', 'SRNN(8,2)', 'seed-2'), { recursive: true });
    await writeFile(join(runs, 'uci-yelp', 'SRNN(8,2)', 'seed-2', 'bundle.json'), '{}');
    await writeFile(join(runs, 'uci-yelp', 'SRNN(8,2)', 'bundle.json'), '{}');
    let asked = 0;
    const plan = await planExperiment(
      {
        datasets: [{ id: 'uci-yelp', maxLength: 64, epochs: 8, variants: [srnn!] }],
        vocabulary: 300,
        embeddingDim: 8,
        units: 4,
        batchSize: 100,
        seed: 1,
        seeds: [1, 2, 3],
        runsDir: runs,
      },
      async () => (asked++, fixed),
    );
    expect(asked).toBe(1);
    const models = plan.datasets[0]!.models;
    expect(models.map((m) => [m.label, m.seed, m.seconds])).toEqual([
      ['SRNN(8,2)', 1, expect.closeTo(0.658, 10)],
      ['SRNN(8,2)', 2, 0],
      ['SRNN(8,2)', 3, expect.closeTo(0.658, 10)],
    ]);
    const text = planLines(plan, 100).join('\n');
    expect(text).toMatch(/SRNN\(8,2\) seed 2 +finished by an earlier run: kept/);
    expect(text).toMatch(/SRNN\(8,2\) seed 3 +10 ms\/step/);
    const clock = new RunClock(plan, () => 0);
    expect(clock.startModel('uci-yelp', 'SRNN(8,2)', 3)).toMatch(
      /^reproduce: uci-yelp SRNN\(8,2\) seed 3, model 3 of 3;/,
    );
  });

  it('caps documents at --limit', async () => {
    const plan = await planExperiment(
      {
        datasets: [
          { id: 'uci-yelp', maxLength: 64, epochs: 1, variants: table2Lineup(64).slice(0, 1) },
        ],
        vocabulary: 300,
        embeddingDim: 8,
        units: 4,
        batchSize: 32,
        seed: 1,
        limit: 120,
        runsDir: runs,
      },
      async () => fixed,
    );
    expect(plan.datasets[0]!.split).toEqual([96, 12, 12]);
    expect(plan.datasets[0]!.models[0]!.stepsPerEpoch).toBe(3);
  });
});

describe("the whole run's ETA", () => {
  // Two models: A estimated at 10 s, B at 20 s, 10 steps each.
  const plan: ExperimentPlan = {
    seconds: 30,
    datasets: [
      {
        id: 'd',
        documents: 100,
        countedFrom: 'corpus',
        split: [80, 10, 10],
        maxLength: 8,
        classes: 2,
        epochs: 1,
        models: [
          { dataset: 'd', label: 'A', epochs: 1, stepsPerEpoch: 10, estimate: fixed, seconds: 10 },
          { dataset: 'd', label: 'B', epochs: 1, stepsPerEpoch: 10, estimate: fixed, seconds: 20 },
        ],
      },
    ],
  };
  const info = (globalStep: number) => ({
    epoch: 1,
    step: globalStep,
    stepsPerEpoch: 10,
    globalStep,
    loss: 1,
    learningRate: 0.001,
  });

  it("is the plan's estimate before any step, then scaled by measured over estimated time", () => {
    let now = 0;
    const clock = new RunClock(plan, () => now);
    expect(clock.startModel('d', 'A')).toBe(
      'reproduce: d A, model 1 of 2; whole run: 0% done, about 0:30 left',
    );
    // Five steps of A in 10 s where the plan had 5 s: twice as slow, so (5 + 20) x 2 = 50 s left.
    for (let s = 1; s <= 5; s += 1) {
      now = 2 * s;
      clock.step(info(s));
    }
    expect(clock.secondsLeft()).toBeCloseTo(50, 10);
    expect(clock.status()).toBe('whole run: 17% done, about 0:50 left');
    now = 20;
    clock.step(info(10));
    clock.endModel(); // A: 20 s spent for 10 s estimated
    // B resumes from a checkpoint at step 4: its first step here is global step 5, 2 s later.
    clock.startModel('d', 'B');
    now = 22;
    clock.step(info(5));
    // Spent 22 s for 10 + 20 x 1/10 = 12 s estimated; left: half of B, 10 s, x 22/12.
    expect(clock.secondsLeft()).toBeCloseTo((10 * 22) / 12, 10);
  });

  it('ends complete progress lines with the status and passes everything else through', () => {
    const written: string[] = [];
    const clock = new RunClock(plan, () => 0);
    const sink = clock.sink({ write: (t: string) => written.push(t), isTTY: true });
    sink.write('[A] epoch 1/1 done: loss 0.5\n');
    sink.write('[A] epoch 1/1 ==== 3/10'); // a progress bar being drawn
    sink.write('\x1B[0K');
    expect(written).toEqual([
      '[A] epoch 1/1 done: loss 0.5 | whole run: 0% done, about 0:30 left\n',
      '[A] epoch 1/1 ==== 3/10',
      '\x1B[0K',
    ]);
    expect(sink.isTTY).toBe(true);
  });
});
