// The README's bench section with what `pnpm bench` now records beside the GRU: an LSTM SRNN(8,2)
// row with its time over the GRU cell's, and the browser section (or why it was skipped). Built
// on the committed run with its own other-cell rows and browser record taken out, then the test's
// added.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchSection } from '../src/docs/bench-section';
import { benchRunSchema, parseRunJson, type BenchRun } from '../src/docs/run-json';
import { repositoryRoot, RUN_FILES } from '../src/docs/render-readme';

const root = repositoryRoot(__dirname);

async function committedRun(): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(root, RUN_FILES.bench), 'utf8'));
}

const parse = (run: unknown): BenchRun =>
  parseRunJson('bench.json', JSON.stringify(run), benchRunSchema);

const browser = {
  model: 'test-fixtures/legacy-models/srnn-gru',
  textsFile: 'packages/pipeline/test/fixtures/reviews.csv',
  texts: 400,
  distinctTexts: 80,
  repeats: 5,
  chromium: 'Chrome/131.0.6778.139',
  rows: [
    { where: 'node', backend: 'wasm', documentsPerSecond: 9000, runsMs: [44] },
    { where: 'node', backend: 'cpu', documentsPerSecond: 6000, runsMs: [66] },
    { where: 'chromium', backend: 'wasm', documentsPerSecond: 18000, runsMs: [22] },
  ],
  browserToNode: 2,
};

test('an LSTM row: its own table row, and its time over the GRU cell’s SRNN per batch', async () => {
  const run = await committedRun();
  // The committed run's own other-cell rows out, so that the test's are the only ones.
  run['extra'].speed.rows = (run['extra'].speed.rows as Record<string, unknown>[]).filter(
    (r) => (r['cell'] ?? 'gru') === 'gru',
  );
  delete run['extra'].speed.browser;
  const rows = run['extra'].speed.rows as Record<string, unknown>[];
  const at = (batch: number) =>
    rows.findIndex(
      (r) => r['model'] === 'SRNN(8,2)' && r['batch'] === batch && r['ids'] === 'uniform',
    );
  for (const [batch, ms] of [
    [32, 150],
    [100, 330],
  ] as const) {
    const gru = rows[at(batch)]!;
    rows.splice(at(batch) + 1, 0, {
      ...gru,
      model: 'SRNN(8,2) lstm',
      cell: 'lstm',
      msPerStep: ms,
      roundsMs: [ms - 4, ms, ms + 6],
      timeVsGruSrnn: ms / (gru['msPerStep'] as number),
    });
  }
  const text = benchSection(parse(run));
  expect(text).toMatch(/\| SRNN\(8,2\) lstm +\| +150 \|/);
  const flat = text.replace(/\s+/g, ' ');
  // The LSTM's rounds are named as its own; the GRUs' speed-ups stay the GRU cell's SRNN's.
  expect(flat).toContain(
    'Batch 32, uniform ids, SRNN(8,2) lstm: 3 rounds spread from 146 to 156 ms.',
  );
  const vsTfjs = flat.match(
    /speed-up over TensorFlow\.js's own GRU \(tf\.layers\): ([^.]*\.[^.]*)\./,
  )![1]!;
  expect(vsTfjs.match(/at T = 512 and batch 32\b/g)).toHaveLength(1);
  const gru32 = rows[at(32)]!['msPerStep'] as number;
  const gru100 = rows[at(100)]!['msPerStep'] as number;
  expect(text.replace(/\s+/g, ' ')).toContain(
    `The LSTM cell's SRNN(8,2) step took ${(150 / gru32).toFixed(2)}x at batch 32 (uniform ids), ` +
      `${(330 / gru100).toFixed(2)}x at batch 100 (uniform ids) the time of the same SRNN with the ` +
      "GRU cell, in the same rounds (an LSTM step does 4/3 of a GRU step's arithmetic).",
  );
});

test('the browser section: the page and Node on the same texts, and the ratio', async () => {
  const run = await committedRun();
  run['extra'].speed.browser = browser;
  const text = benchSection(parse(run)).replace(/\s+/g, ' ');
  expect(text).toContain(
    'Inference of one trained model (test-fixtures/legacy-models/srnn-gru) on the same 400 texts ' +
      '(80 distinct reviews): 18,000 documents per second in its exported web page ' +
      "(Chrome/131.0.6778.139, headless, wasm backend), against Node.js's 9,000 on wasm and " +
      '6,000 on cpu; the page over Node on the same backend: 2.00x; medians of 5 rounds.',
  );
});

test('a skipped browser section says why; a malformed one is refused naming the field', async () => {
  const run = await committedRun();
  run['extra'].speed.browser = { skipped: 'skipped: no chromium at /usr/bin/chromium; install it' };
  expect(benchSection(parse(run)).replace(/\s+/g, ' ')).toContain(
    'In-browser inference: skipped: no chromium at /usr/bin/chromium; install it.',
  );
  run['extra'].speed.browser = {
    ...browser,
    rows: [{ where: 'firefox', backend: 'wasm', documentsPerSecond: 1 }],
  };
  expect(() => parse(run)).toThrow(/extra\.speed\.browser/);
});

test('a separate multiply-add row: named, no peer beside it, and its time over the default row’s', async () => {
  const run = await committedRun();
  const rows = run['extra'].speed.rows as Record<string, unknown>[];
  const step = (model: string, batch: number, ids: string) =>
    rows.find(
      (r) =>
        r['section'] === 'step' && r['model'] === model && r['batch'] === batch && r['ids'] === ids,
    )!;
  const separate = step('SRNN(8,2), separate multiply-add', 32, 'uniform');
  const reference = step('SRNN(8,2)', 32, 'uniform');
  expect(separate['separateMultiplyAdd']).toBe(true);
  // 1.25 times the default row's time: the line says so for this batch.
  separate['msPerStep'] = (reference['msPerStep'] as number) * 1.25;
  const section = benchSection(parse(run));
  expect(section).toContain('1.25x at batch 32, uniform ids');
  expect(section).toMatch(/Batch 32, uniform ids, SRNN\(8,2\), separate multiply-add: \d+ rounds/);
  // Its table line has no PyTorch columns: the peer sits beside the default row only.
  const line = section
    .split('\n')
    .find((l) => l.includes('SRNN(8,2), separate multiply-add') && l.includes('| uniform'))!;
  expect(line.trimEnd()).toMatch(/\|\s+\|\s+\|$/);
});
