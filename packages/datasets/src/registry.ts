/** Ids of the six data sets of the paper's table 1. */
export type PaperDatasetId =
  'yelp2013' | 'yelp2014' | 'yelp2015' | 'yelp-p' | 'amazon-f' | 'amazon-p';

/** One way a user may lay out a data set's files in their directory. */
export interface FileLayout {
  /** The reader that understands the files. */
  format: 'figshare-yelp-csv' | 'tang-ss' | 'zhang-csv' | 'parquet';
  /**
   * Files by part, relative to the user's directory ('all' when the files have no split). A `*`
   * in the file name stands for any characters: every matching file is read, in name order (the
   * Hugging Face Hub shards a split into `train-00000-of-00004.parquet`, ...).
   */
  files: Partial<Record<'all' | 'train' | 'dev' | 'test', string>>;
  /** For Parquet: the columns (Hugging Face: `label` and `text`, or `title` and `content`). */
  columns?: { label: string; text: string; title?: string };
  /** Where the files come from. */
  source: string;
}

/** What the paper used and where the files come from, for one of its data sets. */
export interface PaperDatasetInfo {
  id: PaperDatasetId;
  /** Name as table 1 of the paper writes it. */
  name: string;
  classes: number;
  /** Documents in table 1 of the paper. */
  documents: number;
  /** The padded length the paper used (512 for Yelp, 256 for Amazon). */
  maxLen: number;
  /** Words per document in table 1 of the paper: the mean and the longest. */
  words: { average: number; max: number };
  /** Distinct words in table 1 of the paper. */
  vocabulary: number;
  /** The split the paper made: shuffle, then 80% train, 10% dev, 10% test (files pooled). */
  paperSplit: readonly [number, number, number];
  /** Accepted file layouts, in order of preference (the first is the one the paper used). */
  layouts: readonly FileLayout[];
}

const SPLIT_80_10_10 = [0.8, 0.1, 0.1] as const;

function figshare(year: number, item: number): FileLayout {
  return {
    format: 'figshare-yelp-csv',
    files: { all: `yelp_${year}.csv` },
    source: `figshare item ${item} (https://figshare.com/articles/dataset/${item}), as named by the paper's code`,
  };
}

function tang(year: number): FileLayout {
  const stem = `yelp-${year}-seg-20-20`;
  return {
    format: 'tang-ss',
    files: { train: `${stem}.train.ss`, dev: `${stem}.dev.ss`, test: `${stem}.test.ss` },
    source:
      'Tang, Qin and Liu (2015), predefined train/dev/test split (smaller than the files the paper used)',
  };
}

function huggingFace(name: string, withTitle: boolean): FileLayout {
  return {
    format: 'parquet',
    files: { train: `${name}/train-*.parquet`, test: `${name}/test-*.parquet` },
    columns: withTitle
      ? { label: 'label', title: 'title', text: 'content' }
      : { label: 'label', text: 'text' },
    source: `the Hugging Face Hub's ${name} (Parquet files of its train and test splits, labels 0-based)`,
  };
}

function zhang(folder: string): FileLayout {
  return {
    format: 'zhang-csv',
    files: { train: `${folder}/train.csv`, test: `${folder}/test.csv` },
    source: `Zhang, Zhao and LeCun (2015) character-level CNN data sets: ${folder}.tar.gz`,
  };
}

/** The paper's six data sets by id. */
export const PAPER_DATASETS: Readonly<Record<PaperDatasetId, PaperDatasetInfo>> = {
  yelp2013: {
    id: 'yelp2013',
    name: 'Yelp 2013',
    classes: 5,
    documents: 468_608,
    maxLen: 512,
    words: { average: 129.2, max: 1060 },
    vocabulary: 202_058,
    paperSplit: SPLIT_80_10_10,
    layouts: [figshare(2013, 6292142), tang(2013)],
  },
  yelp2014: {
    id: 'yelp2014',
    name: 'Yelp 2014',
    classes: 5,
    documents: 670_440,
    maxLen: 512,
    words: { average: 116.1, max: 1053 },
    vocabulary: 210_353,
    paperSplit: SPLIT_80_10_10,
    layouts: [figshare(2014, 6292253), tang(2014)],
  },
  yelp2015: {
    id: 'yelp2015',
    name: 'Yelp 2015',
    classes: 5,
    documents: 897_835,
    maxLen: 512,
    words: { average: 108.3, max: 1092 },
    vocabulary: 228_715,
    paperSplit: SPLIT_80_10_10,
    layouts: [figshare(2015, 6292334)],
  },
  'yelp-p': {
    id: 'yelp-p',
    name: 'Yelp_P',
    classes: 2,
    documents: 598_000,
    maxLen: 512,
    words: { average: 139.7, max: 1073 },
    vocabulary: 308_028,
    paperSplit: SPLIT_80_10_10,
    layouts: [zhang('yelp_review_polarity_csv'), huggingFace('yelp_polarity', false)],
  },
  'amazon-f': {
    id: 'amazon-f',
    name: 'Amazon_F',
    classes: 5,
    documents: 3_650_000,
    maxLen: 256,
    words: { average: 82.7, max: 441 },
    vocabulary: 1_274_916,
    paperSplit: SPLIT_80_10_10,
    layouts: [zhang('amazon_review_full_csv'), huggingFace('amazon_review_full', true)],
  },
  'amazon-p': {
    id: 'amazon-p',
    name: 'Amazon_P',
    classes: 2,
    documents: 4_000_000,
    maxLen: 256,
    words: { average: 80.9, max: 257 },
    vocabulary: 1_348_126,
    paperSplit: SPLIT_80_10_10,
    layouts: [zhang('amazon_review_polarity_csv'), huggingFace('amazon_polarity', true)],
  },
};

/** The ids of the paper's data sets, in table 1's order. */
export const PAPER_DATASET_IDS = Object.keys(PAPER_DATASETS) as PaperDatasetId[];
