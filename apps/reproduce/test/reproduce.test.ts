import { readFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { lockFolder } from '@srnn/files';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src';

// End to end on a real bundled corpus, tiny settings, cpu backend.
const args = (out: string) => [
  '--dataset',
  'uci-yelp',
  '--models',
  'GRU,SRNN(8,2)',
  '--experiment',
  'table2',
  '--epochs',
  '1',
  '--limit',
  '120',
  '--vocab',
  '300',
  '--embedding-dim',
  '8',
  '--units',
  '4',
  '--batch-size',
  '32',
  '--backend',
  'cpu',
  '--progress',
  'none',
  '--out',
  out,
];

describe('pnpm reproduce', () => {
  let out: string;
  let stderr: string[];
  let stdout: string[];
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'srnn-reproduce-'));
    stderr = [];
    stdout = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => (stdout.push(String(s)), true));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(out, { recursive: true, force: true });
  });

  it('writes table 2 with our figures beside the paper, and resumes per model', async () => {
    expect(await main(args(out))).toBe(0);
    // Before training: the plan, with its basis, from the corpus's 1,000 documents capped at 120.
    const log = stderr.join('');
    expect(log).toContain('reproduce: plan. Durations are estimates: 1 warm-up and 2 timed');
    expect(log).toContain(
      'uci-yelp: 120 documents (bundled corpus), split 96/12/12, T = 64: 3 steps of 32 per epoch, 1 epochs',
    );
    expect(log).toMatch(/\n {4}SRNN\(8,2\) +[\d,]+ ms\/step {2}about \d+:\d\d per epoch/);
    expect(log).toMatch(
      /reproduce: uci-yelp SRNN\(8,2\), model 2 of 2; whole run: \d+% done, about/,
    );
    const markdown = await readFile(join(out, 'results.md'), 'utf8');
    expect(markdown).toContain('## Table 2: uci-yelp');
    expect(markdown).toMatch(/\| GRU \| \d+ \|/);
    expect(markdown).toMatch(/\| SRNN\(8,2\) \| \d+ \|/);
    expect(markdown).toContain("Paper columns: the paper's mean over its six data sets");
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const [dataset] = report.extra.table2;
    expect(dataset.splitSizes).toEqual([96, 12, 12]);
    for (const run of dataset.runs) {
      expect(run.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(run.testAccuracy).toBeLessThanOrEqual(1);
    }
    const csv = await readFile(join(out, 'table2.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^dataset,model,params,val %,test %/);
    expect(await readFile(join(out, 'learning-curves-uci-yelp.svg'), 'utf8')).toContain('<svg');

    // A second run finds both models finished and reports the same figures.
    stderr.length = 0;
    expect(await main(args(out))).toBe(0);
    expect(stderr.join('')).toMatch(/GRU: val .* \(resumed\)/);
    expect(stderr.join('')).toMatch(/ {4}GRU +finished by an earlier run: kept/);
    const again = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(again.extra.table2[0].runs).toEqual(dataset.runs);
  });

  it('trains the line-up with a registered cell (--cell), and refuses an unknown one', async () => {
    const withLstm = args(out).map((a) => (a === 'GRU,SRNN(8,2)' ? 'SRNN(8,2)' : a));
    expect(await main([...withLstm, '--cell', 'lstm'])).toBe(0);
    const run = join(out, 'runs', 'uci-yelp', 'SRNN(8,2) lstm');
    const manifest = JSON.parse(await readFile(join(run, 'bundle.json'), 'utf8'));
    const config = JSON.parse(await readFile(join(run, manifest.files.config.path), 'utf8'));
    expect(config.model).toMatchObject({ architecture: 'srnn', spec: 'SRNN(8,2)', cell: 'lstm' });
    expect(await readFile(join(out, 'results.md'), 'utf8')).toMatch(/\| SRNN\(8,2\) lstm \|/);
    stderr.length = 0;
    expect(await main([...withLstm, '--cell', 'mgu'])).toBe(2);
    expect(stderr.join('')).toMatch(/--cell: unknown cell 'mgu'; registered: .*gru.*lstm/);
  });

  it('trains variants with several seeds on a paper-format file and counts the records it skipped', async () => {
    // A Yelp 2013 file in the paper's figshare format: 140 reviews, 4 of them with empty text.
    const dir = join(out, 'paper');
    const words = ['good', 'bad', 'food', 'slow', 'great', 'rude', 'fresh', 'cold'];
    const rows = Array.from({ length: 140 }, (_, i) => {
      const text =
        i % 35 === 7 ? '' : `${words[i % 8]} ${words[(i * 3) % 8]} ${words[(i * 5) % 8]}`;
      return `${i},${(i % 5) + 1},"${text}"`;
    });
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(join(dir, 'yelp_2013.csv'), `,stars,text\n${rows.join('\n')}\n`);
    const flags = [
      ...args(out).map((a) => (a === 'uci-yelp' ? 'yelp2013' : a === '120' ? '200' : a)),
      '--data-dir',
      dir,
      '--max-len',
      '64',
      '--models',
      'SRNN(8,2),SRNN(8,2)+skip-padding',
      '--seeds',
      '2',
    ];
    expect(await main(flags)).toBe(0);
    const log = stderr.join('');
    expect(log).toContain('table 2: yelp2013: 136 documents, 4 records skipped (emptyText 4)');
    expect(log).toMatch(/SRNN\(8,2\)\+skip-padding seed 2019 +[\d,]+ ms\/step/);
    const runs = join(out, 'runs', 'yelp2013');
    for (const model of ['SRNN(8,2)', 'SRNN(8,2)+skip-padding'])
      for (const seed of [2018, 2019])
        expect(existsSync(join(runs, model, `seed-${seed}`, 'bundle.json'))).toBe(true);
    const folder = join(runs, 'SRNN(8,2)+skip-padding', 'seed-2019');
    const manifest = JSON.parse(await readFile(join(folder, 'bundle.json'), 'utf8'));
    const config = JSON.parse(await readFile(join(folder, manifest.files.config.path), 'utf8'));
    expect(config.model).toMatchObject({ spec: 'SRNN(8,2)', skipPadding: true });
    expect(config.training).toMatchObject({ seed: 2019 });
    const markdown = await readFile(join(out, 'results.md'), 'utf8');
    expect(markdown).toContain('136 documents, 4 records skipped (emptyText 4) from the source');
    // One row per model over its two seeds, beside the paper's SRNN(8,2) on Yelp 2013.
    expect(markdown).toMatch(
      /\| SRNN\(8,2\)\+skip-padding \| 2 \| [\d.]+ ± [\d.]+ \| [\d.]+ ± [\d.]+ \| [\d.]+–[\d.]+ \| .* \| 67\.11 \| 66\.80 \|/,
    );
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const [dataset] = report.extra.table2;
    expect(dataset.skipped).toEqual({ emptyText: 4 });
    expect(
      dataset.summaries.map((s: { model: string; seeds: number[] }) => [s.model, s.seeds]),
    ).toEqual([
      ['SRNN(8,2)', [2018, 2019]],
      ['SRNN(8,2)+skip-padding', [2018, 2019]],
    ]);
    expect(report.extra.settings.seeds).toEqual([2018, 2019]);
  });

  it('refuses a results folder another run holds, and leaves no folder behind a refused run', async () => {
    const held = join(out, 'held');
    await mkdir(held, { recursive: true });
    const lock = await lockFolder(held);
    stderr.length = 0;
    expect(await main(['--out', held, '--dataset', 'uci-yelp', '--epochs', '1'])).toBe(1);
    expect(stderr.join('')).toMatch(
      /reproduce: --out .*held is being written by another process \(pid \d+, in .*\.srnn-lock\)/,
    );
    await lock.release();
    const never = join(out, 'never-made');
    expect(await main(['--out', never, '--dataset', 'nope', '--experiment', 'table2'])).toBe(1);
    expect(existsSync(never)).toBe(false);
  });

  it('names the flag and the valid values on bad input, with exit code 2', async () => {
    expect(await main(['--dataset', 'yelp2013'])).toBe(1);
    expect(stderr.join('')).toContain(
      "--dataset yelp2013 is one of the paper's data sets: give --data-dir DIR",
    );
    stderr.length = 0;
    expect(await main(['--dataset', 'nope', '--experiment', 'table2'])).toBe(1);
    expect(stderr.join('')).toMatch(
      /--dataset: unknown data set 'nope'; valid: the paper's yelp2013, .* or the bundled corpora uci-yelp/,
    );
    stderr.length = 0;
    expect(await main(['--dataset', 'uci-yelp', '--models', 'GRU+attention'])).toBe(2);
    expect(stderr.join('')).toContain(
      "reproduce: --models: 'GRU+attention': +attention and +skip-padding apply to SRNN models only, not GRU",
    );
    stderr.length = 0;
    expect(await main(['--epochs', 'many'])).toBe(2);
    expect(stderr.join('')).toContain('reproduce: --epochs: must be a whole number >= 1');
  });
});
