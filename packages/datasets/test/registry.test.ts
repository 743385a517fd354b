import { openPaperDataset } from '../src/open-paper-dataset';
import { PAPER_DATASET_IDS, PAPER_DATASETS } from '../src/registry';
import { fixture, readAll } from './helpers';

describe('PAPER_DATASETS', () => {
  it("holds table 1 of the paper: classes, documents, and the paper's padded lengths", () => {
    const rows = PAPER_DATASET_IDS.map((id) => {
      const d = PAPER_DATASETS[id];
      return [d.name, d.classes, d.documents, d.maxLen];
    });
    expect(rows).toEqual([
      ['Yelp 2013', 5, 468608, 512],
      ['Yelp 2014', 5, 670440, 512],
      ['Yelp 2015', 5, 897835, 512],
      ['Yelp_P', 2, 598000, 512],
      ['Amazon_F', 5, 3650000, 256],
      ['Amazon_P', 2, 4000000, 256],
    ]);
  });

  it('names the download sources of the paper code', () => {
    const sources = PAPER_DATASET_IDS.map((id) => PAPER_DATASETS[id].layouts[0]?.source ?? '').join(
      '\n',
    );
    for (const expected of [
      '6292142',
      '6292253',
      '6292334',
      'yelp_review_polarity_csv',
      'amazon_review_full_csv',
      'amazon_review_polarity_csv',
    ]) {
      expect(sources).toContain(expected);
    }
  });
});

describe('openPaperDataset', () => {
  const dir = fixture('paper');

  it('opens the figshare CSV of Yelp 2013 as one part to split 80/10/10', async () => {
    const opened = openPaperDataset('yelp2013', dir, { onInvalid: 'skip' });
    expect(opened.layout.format).toBe('figshare-yelp-csv');
    expect(Object.keys(opened.parts)).toEqual(['all']);
    const { records, skipped } = await readAll(opened.pooled);
    expect(records.map((r) => r.label)).toEqual(['5', '1', '4', '2']);
    expect(skipped).toEqual({ emptyText: 1 });
  });

  it("falls back to Tang et al.'s .ss files with their train/dev/test parts", async () => {
    const opened = openPaperDataset('yelp2014', dir);
    expect(opened.layout.format).toBe('tang-ss');
    expect(Object.keys(opened.parts)).toEqual(['train', 'dev', 'test']);
    const { records } = await readAll(opened.pooled);
    expect(records.map((r) => r.label)).toEqual(['5', '2', '4', '1', '3']);
  });

  it('pools the Zhang et al. train and test files, Amazon with titles', async () => {
    const { records } = await readAll(openPaperDataset('amazon-f', dir).pooled);
    expect(records.map((r) => [r.label, r.text.split(' ')[0]])).toEqual([
      ['4', 'Five'],
      ['0', 'Broke'],
      ['2', 'Average'],
      ['3', 'Good'],
    ]);
  });

  it('lists the expected files and their sources when the data set is missing', () => {
    expect(() => openPaperDataset('yelp2015', dir)).toThrow(
      /Yelp 2015 not found; expected these files.*\n.*yelp_2015\.csv.*figshare item 6292334/,
    );
    expect(() => openPaperDataset('amazon-p', dir)).toThrow(
      /amazon_review_polarity_csv\/train\.csv, amazon_review_polarity_csv\/test\.csv/,
    );
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => openPaperDataset('imdb' as 'yelp2013', dir)).toThrow(
      'unknown data set id "imdb"; expected one of yelp2013, yelp2014, yelp2015, yelp-p, amazon-f, amazon-p',
    );
  });
});
