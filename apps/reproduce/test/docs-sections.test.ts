import { benchSection } from '../src/docs/bench-section';
import { reproduceSection } from '../src/docs/reproduce-section';
import {
  benchRunSchema,
  parseRunJson,
  reproduceRunSchema,
  type BenchRun,
  type ReproduceRun,
} from '../src/docs/run-json';

const machine = {
  cpuModel: 'Test CPU',
  cores: 2,
  memoryBytes: 8 * 2 ** 30,
  platform: 'linux',
  arch: 'x64',
  nodeVersion: 'v20.1.0',
  tfBackend: 'wasm',
  tfVersion: '4.22.0',
};
const conditions = {
  startedAt: '2026-12-06T12:40:05.000Z',
  seconds: 216,
  loadAverageAtStart: [0.5, 0.4, 0.3],
};

function reproduceRun(): ReproduceRun {
  const run = (model: string, test: number, seconds: number, losses: number[], best: number) => ({
    dataset: 'enron-spam',
    model,
    secondsPerEpoch: seconds,
    bestValidationAccuracy: test,
    testAccuracy: test,
    epochLosses: losses,
    bestEpoch: best,
  });
  return parseRunJson(
    'reproduce.json',
    JSON.stringify({
      generatedAt: '2026-12-06T12:43:41.000Z',
      machine,
      runs: [],
      extra: {
        settings: {
          vocabulary: 10000,
          embeddingDim: 100,
          units: 50,
          batchSize: 100,
          table3Sizes: { vocabulary: 30000, embeddingDim: 200, units: 50, classes: 5 },
        },
        table2: [
          {
            dataset: 'enron-spam',
            documents: 5172,
            maxLength: 256,
            meanTokens: 165.4,
            splitSizes: [4137, 517, 518],
            runs: [
              run('GRU', 0.93, 3.8, [0.47, 13.4, 9.1], 1),
              run('SRNN(2,7)', 0.983, 5.9, [0.5, 0.2, 0.1], 3),
            ],
          },
        ],
        table3: [
          {
            sequenceLength: 512,
            srnn: 'SRNN(8,2)',
            srnnMsPerStep: 48,
            gruMsPerStep: 44,
            tfjsGruMsPerStep: 771,
            speedup: 44 / 48,
            speedupVsTfjs: 771 / 48,
            batchSize: 8,
            paper: { speedup: 13.5 },
          },
          {
            sequenceLength: 4096,
            srnn: 'SRNN(8,3)',
            srnnMsPerStep: 249,
            batchSize: 8,
            speedupVsTfjs: 7195 / 249,
            tfjsGruMsPerStep: 7195,
            paper: { speedup: 52.9 },
          },
        ],
        backend: 'backend: wasm (SIMD, 1 thread) — passed over node (not installed)',
        conditions,
      },
    }),
    reproduceRunSchema,
  );
}

describe('the reproduce section', () => {
  const text = reproduceSection(reproduceRun());

  it('says when, where and how long, from the run', () => {
    expect(text).toContain('started 2026-12-06 12:40 UTC on Test CPU (2 cores, 8.0 GiB)');
    expect(text).toContain('backend wasm (SIMD, 1 thread)');
    expect(text).toContain('The run took 3.6 minutes');
    expect(text).not.toContain('passed over');
    expect(text).not.toContain('competing'); // load 0.5 on 2 cores: not loaded
  });

  it("puts the n = 2 family in one row, with the run's and the paper's figures", () => {
    expect(text).toMatch(/\| GRU +\| +93\.0 \| +77\.03 \|/);
    expect(text).toMatch(/\| SRNN\(2,k\) +\| +98\.3 \| +76\.77 \|/);
    expect(text).toMatch(/\| GRU +\| +3\.8 \|/);
    // Table 3: a skipped GRU, speed-ups from the run's own ms.
    expect(text).toMatch(/\| +4,096 \| SRNN\(8,3\) \| +249 \| +skipped \| +7,195 \|/);
    expect(text).toMatch(
      /\| +512 \| SRNN\(8,2\) \| +48 \| +44 \| +771 \| +0\.9x \| +16\.1x \| +13\.5x \|/,
    );
  });

  it('quotes the figures it reads: a loss that ran away, the smallest test split, speed-up ranges', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'GRU on enron-spam: the training loss rose from 0.47 (epoch 1) to 13.4 (epoch 2); its test figure is from epoch 1',
    );
    expect(text).not.toContain('SRNN(2,7) on enron-spam');
    expect(flat).toContain('holds 518 documents, so one document there is 0.2 points');
    expect(flat).toContain(
      "SRNN's speed-up per training step: at T = 512, 16.1x over TensorFlow.js's own GRU, 0.9x over this project's fused GRU, the paper's 13.5x on its GPU; at T = 4,096, 28.9x over TensorFlow.js's own GRU, the paper's 52.9x on its GPU.",
    );
  });
});

function benchRun(): BenchRun {
  const row = (model: string, batch: number, ms: number, rounds?: number[]) => ({
    section: 'step',
    model,
    length: 512,
    batch,
    ids: 'uniform',
    msPerStep: ms,
    ...(rounds ? { roundsMs: rounds } : {}),
  });
  return parseRunJson(
    'bench.json',
    JSON.stringify({
      generatedAt: '2026-12-06T13:00:00.000Z',
      machine,
      runs: [],
      extra: {
        settings: {
          stepLength: 512,
          rounds: 3,
          sizes: { vocabulary: 30000, embeddingDim: 200, units: 50, classes: 5 },
        },
        speed: {
          rows: [
            { ...row('SRNN(8,2)', 32, 123, [104, 131, 123]), speedupVsTfjsGru: 736 / 123 },
            row('GRU (ours)', 32, 126, [120, 126, 130]),
            row('GRU (tf.layers)', 32, 736),
            row('SRNN(8,2)', 100, 262, [262, 250, 270]),
            row('GRU (ours)', 100, 287, [287, 280, 290]),
            { section: 'length', model: 'SRNN(8,4)', length: 32768, batch: 4, msPerStep: 541 },
            {
              section: 'length',
              model: 'GRU (tf.layers)',
              length: 32768,
              batch: 4,
              skipped: 'failed: memory access out of bounds (the wasm heap is limited to 4 GiB)',
            },
          ],
          inference: [{ model: 'SRNN(8,2)', length: 512, batch: 100, documentsPerSecond: 812.4 }],
          batches: [
            {
              ids: 'uniform',
              batch: 32,
              length: 512,
              realShare: 1,
              distinctShare: 0.77,
              meanTokens: 512,
            },
            {
              ids: 'natural',
              batch: 32,
              length: 512,
              realShare: 0.21,
              distinctShare: 0.45,
              meanTokens: 108.4,
            },
          ],
          products: [
            { who: 'ours', rows: 16384, inner: 200, cols: 150, medianMs: 29, gflops: 33.9 },
            {
              who: 'pytorch',
              rows: 16384,
              inner: 200,
              cols: 150,
              threads: 1,
              medianMs: 7.6,
              gflops: 129.4,
            },
          ],
          naturalText: {
            dataset: 'Yelp 2013',
            meanWords: 129.2,
            zipfExponent: 1,
            lengthSigma: 0.8,
            seed: 7,
          },
          peer: [
            {
              model: 'srnn',
              length: 512,
              batch: 32,
              ids: 'uniform',
              threads: 1,
              medianMs: 128,
              roundsMs: [118, 145, 128],
              version: 'pytorch 1.13',
            },
            {
              model: 'srnn',
              length: 512,
              batch: 32,
              ids: 'uniform',
              threads: 2,
              medianMs: 150,
              roundsMs: [150],
              version: 'pytorch 1.13',
            },
          ],
        },
        backend: 'backend: wasm (SIMD, 1 thread)',
        conditions: { ...conditions, loadAverageAtStart: [6.7, 3, 1] },
      },
    }),
    benchRunSchema,
  );
}

describe('the bench section', () => {
  const text = benchSection(benchRun());

  it("relates our step to the peer's faster thread count, and labels the ids", () => {
    // 128 / 123 = 1.04: the 1-thread peer, the faster of the two.
    expect(text).toMatch(
      /\| +512 \| +32 \| uniform ids \| SRNN\(8,2\) \| +123 \| +126 \| +736 \| +128 \(1 thr\.\) \| +1\.04x \|/,
    );
    expect(text).toMatch(
      /\| 32,768 \| +4 \| uniform ids \| SRNN\(8,4\) \| +541 \| +\| out of memory \(4 GiB wasm heap\) \|/,
    );
  });

  it('calls a run that aborted with the wasm heap at its 4 GiB out of memory, and other failures failed', () => {
    const run = benchRun();
    const rows = run.extra.speed.rows;
    const aborted = 'failed: Aborted(). Build with -sASSERTIONS for more info.';
    rows[rows.length - 1] = { ...rows[rows.length - 1]!, skipped: aborted, heapMiB: 4096 };
    expect(benchSection(run)).toMatch(
      /\| SRNN\(8,4\) \| +541 \| +\| out of memory \(4 GiB wasm heap\) \|/,
    );
    rows[rows.length - 1] = { ...rows[rows.length - 1]!, skipped: aborted, heapMiB: 900 };
    expect(benchSection(run)).toMatch(/\| SRNN\(8,4\) \| +541 \| +\| +failed \|/);
  });

  it('quotes the rounds, the ratios and a projection whose basis it states', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      "our SRNN's 3 rounds spread from 104 to 131 ms, PyTorch's from 118 to 145 ms; ours was faster in 3 of 3 rounds",
    );
    expect(flat).toContain(
      "SRNN's speed-up over TensorFlow.js's own GRU (tf.layers): 6.0x at T = 512 and batch 32.",
    );
    // Yelp 2013: 468,608 documents, 80% for training in steps of 100: 3,749 steps of 262 ms.
    expect(flat).toContain(
      '3,749 steps of 100 at T = 512) takes 16 minutes of training steps for SRNN(8,2) and 18 for our GRU',
    );
    expect(flat).toContain(
      'the load average was 6.7 when it started, so other work was competing for the 2 cores',
    );
  });

  it('says what the batches held and how the natural ones were made, and quotes the product', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain("Yelp 2013's mean in the paper's table 1 (129.2 words, sigma 0.8)");
    expect(flat).toContain('Zipf law (exponent 1), seed 7, fixed before measuring');
    expect(flat).toContain(
      'natural text at batch 32: 108 tokens per document, 21% of positions real, distinct ids 45% of the real tokens',
    );
    expect(flat).toContain(
      '[16,384, 200] x [200, 150]: 29.0 ms here (34 GFLOP/s, this backend with its worker threads); torch.matmul 7.6 ms on 1 thread (129 GFLOP/s)',
    );
  });

  it('refuses run JSON without a field it renders, naming the file and the field', () => {
    const run = JSON.parse(JSON.stringify(benchRun())) as { extra: Record<string, unknown> };
    delete run.extra['conditions'];
    expect(() =>
      parseRunJson('docs/results/bench.json', JSON.stringify(run), benchRunSchema),
    ).toThrow(
      /^docs\/results\/bench\.json \(not the JSON of a run this version writes\): extra\.conditions: /,
    );
    expect(() => parseRunJson('bench.json', '{', benchRunSchema)).toThrow(/^bench\.json: not JSON/);
  });
});
