import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { temporaryTarget } from '@srnn/files';
import { mulberry32 } from '@srnn/random';
import { openPaperDataset } from '../src/open-paper-dataset';
import { generateSyntheticDataset } from '../src/synthetic/generate';
import { LengthDistribution, normalCdf } from '../src/synthetic/lengths';
import { SYNTHETIC_MARKER } from '../src/synthetic/names';
import { wordOfRank } from '../src/synthetic/words';
import { ZipfSampler } from '../src/synthetic/zipf';
import { readAll } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-synthetic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ZipfSampler', () => {
  it('draws ranks with probability proportional to 1 / k^s', () => {
    for (const s of [1, 1.3]) {
      const n = 1000;
      const draws = 200_000;
      const sampler = new ZipfSampler(n, s, mulberry32(7));
      const counts = new Float64Array(n + 1);
      for (let i = 0; i < draws; i++) counts[sampler.next()]! += 1;
      // Independent reference: the normalised pmf summed directly.
      let norm = 0;
      for (let k = 1; k <= n; k++) norm += 1 / k ** s;
      for (const k of [1, 2, 3, 10, 100]) {
        const p = 1 / k ** s / norm;
        const sd = Math.sqrt((p * (1 - p)) / draws);
        expect(Math.abs(counts[k]! / draws - p)).toBeLessThan(5 * sd);
      }
      expect(counts[0]).toBe(0);
    }
  });
});

describe('LengthDistribution', () => {
  it('solves the location so the clipped, rounded mean is the target, and samples match it', () => {
    const dist = new LengthDistribution(82.7, 441, 0.7);
    // Mean computed another way: sum of l * P(L = l).
    let mean = 0;
    for (let l = 1; l <= 441; l++) mean += l * (dist.cdf(l) - dist.cdf(l - 1));
    expect(mean).toBeCloseTo(82.7, 6);
    const sample = dist.sampler(mulberry32(3));
    const n = 50_000;
    const lengths = Array.from({ length: n }, sample);
    const sd = Math.sqrt(lengths.reduce((a, l) => a + (l - 82.7) ** 2, 0) / n);
    expect(Math.abs(lengths.reduce((a, b) => a + b, 0) / n - 82.7)).toBeLessThan(
      (4 * sd) / Math.sqrt(n),
    );
    expect(Math.max(...lengths)).toBeLessThanOrEqual(441);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
    for (const q of [20, 60, 100, 200]) {
      const empirical = lengths.filter((l) => l <= q).length / n;
      expect(Math.abs(empirical - dist.cdf(q))).toBeLessThan(0.01);
    }
  });

  it('uses a normal CDF accurate to 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });
});

describe('wordOfRank', () => {
  it('counts in bijective base 26', () => {
    expect([1, 2, 26, 27, 52, 702, 703].map(wordOfRank)).toEqual([
      'a',
      'b',
      'z',
      'aa',
      'az',
      'zz',
      'aaa',
    ]);
  });
});

describe('generateSyntheticDataset', () => {
  it('writes Amazon_F in the Zhang CSV layout, labelled synthetic, readable with its length distribution', async () => {
    const out = join(dir, 'amazon-f');
    const summary = await generateSyntheticDataset({ dataset: 'amazon-f', out, documents: 3000 });
    expect(summary.files).toEqual([
      'amazon_review_full_csv/synthetic-train.csv',
      'amazon_review_full_csv/synthetic-test.csv',
    ]);
    expect(readFileSync(join(out, SYNTHETIC_MARKER), 'utf8')).toMatch(
      /^# SYNTHETIC DATA: not Amazon_F/,
    );
    const opened = openPaperDataset('amazon-f', out);
    expect(opened.synthetic).toBe(true);
    const { records, skipped } = await readAll(opened.pooled);
    expect(skipped).toEqual({});
    expect(records).toHaveLength(3000);
    // Zhang's split: 650,000 of 3,650,000 in test.
    expect(records.filter((r) => r.file.endsWith('synthetic-test.csv'))).toHaveLength(534);
    const lengths = records.map((r) => r.text.split(' ').length);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBe(summary.meanWords);
    // Table 1: 82.7 words on average, at most 441; a standard error here is about 1.1.
    expect(Math.abs(mean - 82.7)).toBeLessThan(4.5);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(441);
    expect(new Set(records.map((r) => r.label))).toEqual(new Set(['0', '1', '2', '3', '4']));
  });

  it('writes the same bytes for the same seed and other bytes for another', async () => {
    const files = async (seed: number, name: string) => {
      const out = join(dir, name);
      await generateSyntheticDataset({ dataset: 'yelp-p', out, documents: 50, seed });
      return readFileSync(join(out, 'yelp_review_polarity_csv', 'synthetic-train.csv'), 'utf8');
    };
    const a = await files(1, 's1a');
    expect(await files(1, 's1b')).toBe(a);
    expect(await files(2, 's2')).not.toBe(a);
  });

  it.each([
    ['yelp2013', 'figshare-yelp-csv', 5],
    ['yelp2014', 'tang-ss', 5],
    ['amazon-p', 'parquet', 2],
    ['yelp-p', 'parquet', 2],
  ] as const)(
    'writes %s as %s, read back by openPaperDataset',
    async (dataset, format, classes) => {
      const out = join(dir, `${dataset}-${format}`);
      const summary = await generateSyntheticDataset({
        dataset,
        format,
        out,
        documents: 300,
        rowGroupRows: 64,
      });
      for (const file of summary.files) {
        expect(file.split('/').pop()).toMatch(/^synthetic-/);
        expect(existsSync(join(out, file))).toBe(true);
      }
      // Every file was published whole: no temporary is left beside it.
      for (const file of summary.files) {
        const folder = dirname(join(out, file));
        expect(readdirSync(folder).filter((n) => temporaryTarget(n) !== undefined)).toEqual([]);
      }
      const opened = openPaperDataset(dataset, out);
      expect(opened.layout.format).toBe(format);
      expect(opened.synthetic).toBe(true);
      const { records } = await readAll(opened.pooled);
      expect(records).toHaveLength(300);
      expect(new Set(records.map((r) => r.label)).size).toBe(classes);
      const words = records.reduce((n, r) => n + r.text.split(/\s+/).length, 0);
      expect(words / 300).toBeCloseTo(summary.meanWords, 6);
    },
  );

  it('refuses a format the data set does not come in', async () => {
    await expect(
      generateSyntheticDataset({ dataset: 'yelp2015', format: 'zhang-csv', out: join(dir, 'x') }),
    ).rejects.toThrow(/format: Yelp 2015 comes as 'figshare-yelp-csv', not 'zhang-csv'/);
  });
});
