import { locateBundleFile } from '@srnn/bundle/node';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listCells } from '@srnn/model';
import { EXIT } from '../src';
import { quietTf, REVIEWS_CSV, srnn, temporaryDir, TOPICS_JSONL, type Run } from './helpers';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

// Tiny settings: a few seconds of training on the cpu backend.
const tiny = ['--max-len', '16', '--vocab', '1000', '--embedding-dim', '8', '--units', '8'];
const quick = [
  '--epochs',
  '3',
  '--batch-size',
  '16',
  '--lr',
  '0.05',
  '--seed',
  '5',
  '--backend',
  'cpu',
  '--progress',
  'none',
];
const trainReviews = (out: string) => [
  'train',
  '--data',
  REVIEWS_CSV,
  '--model',
  'srnn',
  '--spec',
  'SRNN(4,1)',
  ...tiny,
  ...quick,
  '--out',
  out,
];

let root: { dir: string; cleanup: () => Promise<void> };
let reviewsModel: string;
let trained: Run;

beforeAll(async () => {
  quietTf();
  root = await temporaryDir();
  reviewsModel = join(root.dir, 'reviews');
  trained = await srnn([...trainReviews(reviewsModel), '--json']);
});
afterAll(() => root.cleanup());

/** The fixture's texts and labels, read independently of the project's readers. */
async function reviewRows(): Promise<{ text: string; label: string }[]> {
  const lines = (await readFile(REVIEWS_CSV, 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => ({
    text: line.slice(1, line.lastIndexOf('"')),
    label: line.slice(line.lastIndexOf(',') + 1),
  }));
}

describe('srnn train / evaluate / predict on a CSV file', () => {
  test('train writes the trained directory and reports its figures', async () => {
    expect(trained.code).toBe(EXIT.ok);
    expect(trained.stderr).toContain('backend: cpu');
    expect(trained.stderr).toContain('80 documents (train 64, validation 8, test 8), 2 classes');
    const summary = JSON.parse(trained.stdout);
    expect(summary).toMatchObject({
      status: 'completed',
      model: 'SRNN(4,1) gru',
      epochs: 3,
      resumed: false,
    });
    for (const file of ['model', 'weights', 'tokenizer', 'labels', 'config', 'report'] as const) {
      expect(await exists(await locateBundleFile(reviewsModel, file))).toBe(true);
    }
    const report = JSON.parse(
      await readFile(await locateBundleFile(reviewsModel, 'report'), 'utf8'),
    );
    expect(report.runs[0].test.accuracy).toBe(summary.testAccuracy);
  });

  test('evaluate: accuracy, macro-F1 and a confusion matrix consistent with predict', async () => {
    const json = await srnn([
      'evaluate',
      '--model',
      reviewsModel,
      '--data',
      REVIEWS_CSV,
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(json.code).toBe(EXIT.ok);
    const result = JSON.parse(json.stdout);
    expect(result.documents).toBe(80);
    expect(result.labels).toEqual(['neg', 'pos']);
    expect(result.accuracy).toBeGreaterThan(0.8);

    // The same figures recomputed from predictions read line by line from standard input.
    const rows = await reviewRows();
    const predicted = await srnn(['predict', '--model', reviewsModel, '--backend', 'cpu'], {
      stdin: `${rows.map((r) => r.text).join('\n')}\n`,
    });
    expect(predicted.code).toBe(EXIT.ok);
    const labels = predicted.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).label as string);
    expect(labels).toHaveLength(80);
    const confusion = [
      [0, 0],
      [0, 0],
    ];
    rows.forEach(
      (r, i) => (confusion[r.label === 'pos' ? 1 : 0]![labels[i] === 'pos' ? 1 : 0]! += 1),
    );
    expect(result.confusion).toEqual(confusion);
    expect(result.accuracy).toBeCloseTo((confusion[0]![0]! + confusion[1]![1]!) / 80, 10);
    const f1 = (c: number) => {
      const tp = confusion[c]![c]!;
      const predictedC = confusion[0]![c]! + confusion[1]![c]!;
      const actualC = confusion[c]![0]! + confusion[c]![1]!;
      return tp === 0 ? 0 : (2 * tp) / (predictedC + actualC);
    };
    expect(result.macroF1).toBeCloseTo((f1(0) + f1(1)) / 2, 10);

    const text = await srnn([
      'evaluate',
      '--model',
      reviewsModel,
      '--data',
      REVIEWS_CSV,
      '--backend',
      'cpu',
    ]);
    expect(text.stdout).toContain(`accuracy ${(result.accuracy * 100).toFixed(2)}%`);
    expect(text.stdout).toMatch(/true \\ predicted\s+neg\s+pos/);
  });

  test('predict --text prints one JSON line: label and class probabilities', async () => {
    const run = await srnn([
      'predict',
      '--model',
      reviewsModel,
      '--backend',
      'cpu',
      '--text',
      'great lovely wonderful food',
    ]);
    expect(run.code).toBe(EXIT.ok);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const prediction = JSON.parse(lines[0]!);
    expect(Object.keys(prediction.probabilities).sort()).toEqual(['neg', 'pos']);
    expect(prediction.probabilities.neg + prediction.probabilities.pos).toBeCloseTo(1, 5);
    expect(prediction.label).toBe('pos');
  });

  test('an interrupted run exits 130 with a checkpoint; the same command resumes to the same result', async () => {
    const out = join(root.dir, 'interrupted');
    let reads = 0;
    const stopSoon = {
      get aborted() {
        reads += 1;
        return reads > 3;
      },
    };
    const first = await srnn([...trainReviews(out), '--json'], { signal: stopSoon });
    expect(first.code).toBe(EXIT.interrupted);
    expect(first.stderr).toContain('interrupted');
    expect(JSON.parse(first.stdout)).toEqual({ status: 'interrupted', out });
    expect(await exists(join(out, 'model.json'))).toBe(false);

    const second = await srnn([...trainReviews(out), '--json']);
    expect(second.code).toBe(EXIT.ok);
    const resumed = JSON.parse(second.stdout);
    const uninterrupted = JSON.parse(trained.stdout);
    expect(resumed.resumed).toBe(true);
    expect(resumed.bestEpoch).toBe(uninterrupted.bestEpoch);
    expect(resumed.testAccuracy).toBe(uninterrupted.testAccuracy);
    expect(resumed.validationAccuracy).toBe(uninterrupted.validationAccuracy);
  });
});

describe('srnn train on a JSONL file with named fields', () => {
  test('an LSTM learns three topics; evaluate --json reads the same file', async () => {
    const out = join(root.dir, 'topics');
    const run = await srnn([
      'train',
      '--data',
      TOPICS_JSONL,
      '--label-field',
      'topic',
      '--model',
      'lstm',
      '--max-len',
      '12',
      '--vocab',
      '1000',
      '--embedding-dim',
      '8',
      '--units',
      '8',
      '--epochs',
      '4',
      '--batch-size',
      '16',
      '--lr',
      '0.05',
      '--seed',
      '3',
      '--backend',
      'cpu',
      '--progress',
      'none',
      '--out',
      out,
    ]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toContain('rnn lstm: best epoch');
    expect(run.stderr).toContain('72 documents (train 58, validation 7, test 7), 3 classes');
    const evaluation = await srnn([
      'evaluate',
      '--model',
      out,
      '--data',
      TOPICS_JSONL,
      '--label-field',
      'topic',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(evaluation.code).toBe(EXIT.ok);
    const result = JSON.parse(evaluation.stdout);
    expect(result.labels).toEqual(['cooking', 'sport', 'weather']);
    expect(result.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(72);
    expect(result.accuracy).toBeGreaterThan(0.6);
  });

  test('a label the model has not seen is a one-line error naming the file and line', async () => {
    const run = await srnn([
      'evaluate',
      '--model',
      reviewsModel,
      '--data',
      TOPICS_JSONL,
      '--label-field',
      'topic',
      '--backend',
      'cpu',
    ]);
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toMatch(
      /srnn: .*topics\.jsonl, line 1: the label "sport" is not one of the given labels \(labels: "neg", "pos"\)/,
    );
  });
});

describe('srnn datasets and srnn bench', () => {
  test('datasets lists every offline corpus and paper data set with what it needs', async () => {
    const run = await srnn(['datasets', '--json']);
    expect(run.code).toBe(EXIT.ok);
    const listed = JSON.parse(run.stdout);
    expect(listed.corpora.map((c: { id: string }) => c.id)).toEqual([
      'uci-yelp',
      'uci-amazon',
      'uci-imdb',
      'enron-spam',
      'spamassassin',
    ]);
    expect(listed.paper.map((d: { id: string }) => d.id)).toEqual([
      'yelp2013',
      'yelp2014',
      'yelp2015',
      'yelp-p',
      'amazon-f',
      'amazon-p',
    ]);
    const text = await srnn(['datasets']);
    expect(text.stdout).toContain('yelp_2013.csv');
    expect(text.stdout).toContain('amazon_review_full_csv/train.csv');
  });

  test('bench times GRU and the SRNN and reports their ratio', async () => {
    const run = await srnn([
      'bench',
      '--max-len',
      '16',
      '--batch-size',
      '4',
      '--vocab',
      '50',
      '--embedding-dim',
      '4',
      '--units',
      '4',
      '--spec',
      'SRNN(4,1)',
      '--steps',
      '1',
      '--warmup',
      '0',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(run.code).toBe(EXIT.ok);
    const result = JSON.parse(run.stdout);
    expect(result.rows.map((r: { model: string }) => r.model)).toEqual(['GRU', 'SRNN(4,1)']);
    expect(result.speedup).toBeCloseTo(result.rows[0].medianMs / result.rows[1].medianMs, 10);
    expect(result.rows[0].medianMs).toBeGreaterThan(0);
  });

  test('bench --cell times both models with another registered cell', async () => {
    const run = await srnn([
      'bench',
      ...['--max-len', '16', '--batch-size', '4', '--vocab', '50', '--embedding-dim', '4'],
      ...['--units', '4', '--spec', 'SRNN(4,1)', '--steps', '1', '--warmup', '0'],
      ...['--backend', 'cpu', '--cell', 'lstm', '--json'],
    ]);
    expect(run.code).toBe(EXIT.ok);
    const result = JSON.parse(run.stdout);
    expect(result.rows.map((r: { model: string }) => r.model)).toEqual(['LSTM', 'SRNN(4,1) lstm']);
    // Embedding 50 x 4, an LSTM of 4 units on 4 inputs (4 gates x (4 x 4 + 4 x 4 + 4)), softmax
    // 4 x 5 + 5: 200 + 144 + 25.
    expect(result.rows[0].parameters).toBe(369);
    const refused = await srnn(['bench', '--cell', 'nope']);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain(`--cell must be one of ${listCells().join(', ')}`);
  });
});
