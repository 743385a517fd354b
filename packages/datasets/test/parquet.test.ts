import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { encodeDataset } from '../src/encode';
import { readParquet } from '../src/formats/parquet';
import { openPaperDataset } from '../src/open-paper-dataset';
import { brief, readAll } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-parquet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Column = { name: string; data: unknown[]; type: 'STRING' | 'INT64' | 'INT32' };

/** Writes a snappy-compressed Parquet file (hyparquet-writer's default codec). */
function writeParquet(path: string, columns: Column[], rowGroupSize = 1000): string {
  mkdirSync(join(path, '..'), { recursive: true });
  // INT64 columns (Hugging Face's labels) hold bigints.
  const columnData = columns.map((c) =>
    c.type === 'INT64' ? { ...c, data: c.data.map((v) => BigInt(v as number)) } : c,
  );
  const buffer = parquetWriteBuffer({
    columnData: columnData as Parameters<typeof parquetWriteBuffer>[0]['columnData'],
    rowGroupSize,
  });
  writeFileSync(path, new Uint8Array(buffer));
  return path;
}

describe('readParquet', () => {
  it('reads label and text row group by row group, with 1-based row numbers', async () => {
    const file = writeParquet(
      join(dir, 'yelp.parquet'),
      [
        { name: 'label', data: [0, 1, 1, 0, 1], type: 'INT64' },
        {
          name: 'text',
          data: ['bad food', 'great', 'lovely', 'cold', 'nice view'],
          type: 'STRING',
        },
      ],
      2,
    );
    const { records, skipped } = await readAll(readParquet(file));
    expect(brief(records)).toEqual([
      ['bad food', '0', 1],
      ['great', '1', 2],
      ['lovely', '1', 3],
      ['cold', '0', 4],
      ['nice view', '1', 5],
    ]);
    expect(skipped).toEqual({});
  });

  it('joins title and content as the Zhang CSVs are read', async () => {
    const file = writeParquet(join(dir, 'amazon.parquet'), [
      { name: 'label', data: [1, 0], type: 'INT32' },
      { name: 'title', data: ['Great', ''], type: 'STRING' },
      { name: 'content', data: ['works well', 'broke fast'], type: 'STRING' },
    ]);
    const { records } = await readAll(readParquet(file, { text: 'content', title: 'title' }));
    expect(brief(records)).toEqual([
      ['Great works well', '1', 1],
      ['broke fast', '0', 2],
    ]);
  });

  it('counts empty texts and labels outside the classes, naming the rows', async () => {
    const file = writeParquet(join(dir, 'bad.parquet'), [
      { name: 'label', data: [0, 7, 1, 1], type: 'INT64' },
      { name: 'text', data: ['fine', 'ok', '  ', 'good'], type: 'STRING' },
    ]);
    await expect(readAll(readParquet(file, { classes: 2 }))).rejects.toThrow(
      `${file}, line 2: label is "7"; expected an integer 0 to 1`,
    );
    const { records, skipped } = await readAll(
      readParquet(file, { classes: 2, onInvalid: 'skip' }),
    );
    expect(brief(records)).toEqual([
      ['fine', '0', 1],
      ['good', '1', 4],
    ]);
    expect(skipped).toEqual({ badLabel: 1, emptyText: 1 });
  });

  it('names the columns present when one is missing, and refuses a file that is not Parquet', async () => {
    const file = writeParquet(join(dir, 'cols.parquet'), [
      { name: 'stars', data: [1], type: 'INT32' },
      { name: 'review', data: ['x'], type: 'STRING' },
    ]);
    await expect(readAll(readParquet(file))).rejects.toThrow(
      `${file}: has no column named "text"; columns present: "stars", "review"`,
    );
    const fake = join(dir, 'fake.parquet');
    writeFileSync(fake, 'label,text\n0,hello\n');
    await expect(readAll(readParquet(fake))).rejects.toThrow(
      `${fake}: is not a readable Parquet file`,
    );
  });

  it('refuses options naming one column twice', () => {
    expect(() => readParquet('x.parquet', { text: 'label' })).toThrow(
      /text, label and title must name different columns/,
    );
  });
});

describe('the same data set from Parquet or from the Zhang CSVs', () => {
  const reviews: [number, string, string][] = [
    [5, 'Superb', 'best blender I have owned'],
    [1, 'Awful', 'it broke, and support never answered'],
    [3, 'Fine', 'does the job'],
    [4, 'Good', 'quiet and quick'],
    [2, 'Meh', 'too loud'],
    [5, 'Love it', 'smoothies every day'],
  ];

  it('gets the same label names and the same encoded rows (labels 1-based in CSV, 0-based in Parquet)', async () => {
    const csvDir = join(dir, 'csv');
    mkdirSync(join(csvDir, 'amazon_review_full_csv'), { recursive: true });
    const csv = (rows: typeof reviews) =>
      rows.map(([stars, title, text]) => `"${stars}","${title}","${text}"\n`).join('');
    writeFileSync(join(csvDir, 'amazon_review_full_csv', 'train.csv'), csv(reviews.slice(0, 4)));
    writeFileSync(join(csvDir, 'amazon_review_full_csv', 'test.csv'), csv(reviews.slice(4)));

    const hfDir = join(dir, 'hf');
    const parquet = (name: string, rows: typeof reviews, shard: string) =>
      writeParquet(join(hfDir, 'amazon_review_full', `${name}-${shard}.parquet`), [
        { name: 'label', data: rows.map(([stars]) => stars - 1), type: 'INT64' },
        { name: 'title', data: rows.map(([, title]) => title), type: 'STRING' },
        { name: 'content', data: rows.map(([, , text]) => text), type: 'STRING' },
      ]);
    // The train split in two shards, as the Hub serves large splits.
    parquet('train', reviews.slice(0, 2), '00000-of-00002');
    parquet('train', reviews.slice(2, 4), '00001-of-00002');
    parquet('test', reviews.slice(4), '00000-of-00001');

    const fromCsv = openPaperDataset('amazon-f', csvDir);
    const fromParquet = openPaperDataset('amazon-f', hfDir);
    expect(fromCsv.layout.format).toBe('zhang-csv');
    expect(fromParquet.layout.format).toBe('parquet');
    expect(fromParquet.files.train).toHaveLength(2);
    const a = await encodeDataset(fromCsv.pooled, { maxLen: 8 });
    const b = await encodeDataset(fromParquet.pooled, { maxLen: 8 });
    expect(a.labels.labels).toEqual(['0', '1', '2', '3', '4']);
    expect(b.labels.labels).toEqual(a.labels.labels);
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(Array.from(a.y)).toEqual([4, 0, 2, 3, 1, 4]);
  });
});
