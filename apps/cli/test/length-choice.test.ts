// `srnn train` without --max-len chooses T (and the slicing) from the training documents'
// lengths and says so; a given T that pads most documents to many times their length is warned of.
import { locateBundleFile } from '@srnn/bundle/node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../src';
import { quietTf, REVIEWS_CSV, srnn, temporaryDir } from './helpers';

const quick = [
  '--data',
  REVIEWS_CSV,
  '--model',
  'srnn',
  '--vocab',
  '1000',
  '--embedding-dim',
  '4',
  '--units',
  '4',
  '--epochs',
  '1',
  '--batch-size',
  '32',
  '--backend',
  'cpu',
  '--progress',
  'none',
];

let root: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  quietTf();
  root = await temporaryDir();
});
afterAll(() => root.cleanup());

/** Words per review of the fixture, counted here by hand: the quoted text split on spaces. */
async function reviewLengths(): Promise<number[]> {
  const lines = (await readFile(REVIEWS_CSV, 'utf8')).trim().split('\n').slice(1);
  return lines.map(
    (line) =>
      line
        .slice(1, line.lastIndexOf('"'))
        .replace(/[^A-Za-z0-9' ]/g, ' ')
        .split(' ')
        .filter((w) => w !== '').length,
  );
}

test('without --max-len, T is the 95th percentile of words rounded up to a power of two', async () => {
  const lengths = (await reviewLengths()).sort((a, b) => a - b);
  const p95 = lengths[Math.ceil(0.95 * lengths.length) - 1]!;
  let expected = 8;
  while (expected < p95) expected *= 2;
  expect(expected).toBe(8); // 95% of the reviews have at most 8 words
  // For T = 8 the sequential steps T / n^k + k * n are 6 for SRNN(2,1), SRNN(4,1) and SRNN(2,2),
  // 7 for SRNN(2,3), 9 for SRNN(8,1): the tie goes to fewer levels, then the smaller n.
  const spec = 'SRNN(2,1)';

  const out = join(root.dir, 'chosen');
  const run = await srnn(['train', ...quick, '--out', out]);
  expect(run.code).toBe(EXIT.ok);
  expect(run.stderr).toContain(
    `--max-len ${expected} and --spec ${spec} chosen from the data: 95% of the 80 training documents measured have at most ${p95} words`,
  );
  const config = JSON.parse(await readFile(await locateBundleFile(out, 'config'), 'utf8'));
  expect(config.data.maxLength).toBe(expected);
  expect(config.model.spec).toBe(spec);
  expect(run.stderr).not.toContain('warning');
});

test('a given slicing keeps its plan and raises the chosen T to fill its slices', async () => {
  const sliced = await srnn([
    'train',
    ...quick,
    '--spec',
    'SRNN(4,2)',
    '--out',
    join(root.dir, 'sliced'),
  ]);
  expect(sliced.code).toBe(EXIT.ok);
  expect(sliced.stderr).toContain('--max-len 16 chosen from the data');
  const deep = await srnn([
    'train',
    ...quick,
    '--spec',
    'SRNN(8,2)',
    '--out',
    join(root.dir, 'deep'),
  ]);
  expect(deep.code).toBe(EXIT.ok);
  expect(deep.stderr).toContain('raised to 64 to fill the given slicing (64 slices)');
});

test('a --max-len that pads most documents to over 4 times their length is warned of', async () => {
  const lengths = await reviewLengths();
  const share = lengths.filter((n) => 128 > 4 * n).length / lengths.length;
  expect(share).toBe(1);
  const run = await srnn(['train', ...quick, '--max-len', '128', '--out', join(root.dir, 'long')]);
  expect(run.code).toBe(EXIT.ok);
  expect(run.stderr).toContain(
    'srnn: warning: --max-len 128 pads 100% of the training documents to more than 4 times their length',
  );
  const fitting = await srnn([
    'train',
    ...quick,
    '--max-len',
    '16',
    '--spec',
    'SRNN(4,1)',
    '--out',
    join(root.dir, 'fits'),
  ]);
  expect(fitting.code).toBe(EXIT.ok);
  expect(fitting.stderr).not.toContain('warning');
  expect(fitting.stderr).not.toContain('chosen from the data');
});
