/**
 * The paper's published figures (Yu and Liu, COLING 2018, tables 1 to 3), as data. Everything read
 * from here is labelled as the paper's when printed; our own figures come from runs.
 */
import paperTables from './paper/paper-tables.json';

export interface PaperTable2Row {
  dataset: string;
  model: string;
  paramsMillions: number;
  validationAccuracy: number;
  testAccuracy: number;
  secondsPerEpoch: number;
}

export interface PaperTable1Row {
  dataset: string;
  classes: number;
  documents: number;
  maxWords: number;
  averageWords: number;
  vocabulary: number;
}

export interface PaperTable3Row {
  sequenceLength: number;
  srnn: string;
  srnnSeconds: number;
  gruSeconds: number;
  speedup: number;
}

export const PAPER_SOURCE: string = paperTables.source;
export const PAPER_HARDWARE: string = paperTables.hardware;
export const PAPER_TABLE1: readonly PaperTable1Row[] = paperTables.table1;
export const PAPER_TABLE2: readonly PaperTable2Row[] = paperTables.table2;
export const PAPER_TABLE3: { documents: number; rows: readonly PaperTable3Row[] } =
  paperTables.table3;

/** The paper's dataset names by the registry ids of @srnn/datasets. */
export const PAPER_DATASET_NAMES: Readonly<Record<string, string>> = {
  yelp2013: 'Yelp 2013',
  yelp2014: 'Yelp 2014',
  yelp2015: 'Yelp 2015',
  'yelp-p': 'Yelp_P',
  'amazon-f': 'Amazon_F',
  'amazon-p': 'Amazon_P',
};

/** The paper's table 2 rows for one data set (by its paper name), keyed by model name. */
export function paperRowsFor(datasetName: string): Map<string, PaperTable2Row> {
  return new Map(PAPER_TABLE2.filter((r) => r.dataset === datasetName).map((r) => [r.model, r]));
}

/**
 * The paper's average over its six data sets for each model family, used beside our runs on corpora
 * the paper did not use. SRNN(2,8) and SRNN(2,7) count as one family, "SRNN(2,k)".
 */
export function paperAverages(): Map<
  string,
  { testAccuracy: number; secondsPerEpoch: number; speedupOverGru: number }
> {
  const family = (model: string) => (model.startsWith('SRNN(2,') ? 'SRNN(2,k)' : model);
  const byDataset = new Map<string, Map<string, PaperTable2Row>>();
  for (const row of PAPER_TABLE2) {
    const rows = byDataset.get(row.dataset) ?? new Map<string, PaperTable2Row>();
    rows.set(family(row.model), row);
    byDataset.set(row.dataset, rows);
  }
  const sums = new Map<string, { acc: number; secs: number; speedup: number; n: number }>();
  for (const rows of byDataset.values()) {
    const gru = rows.get('GRU');
    for (const [name, row] of rows) {
      const s = sums.get(name) ?? { acc: 0, secs: 0, speedup: 0, n: 0 };
      s.acc += row.testAccuracy;
      s.secs += row.secondsPerEpoch;
      s.speedup += gru ? gru.secondsPerEpoch / row.secondsPerEpoch : 0;
      s.n += 1;
      sums.set(name, s);
    }
  }
  return new Map(
    [...sums].map(([name, s]) => [
      name,
      { testAccuracy: s.acc / s.n, secondsPerEpoch: s.secs / s.n, speedupOverGru: s.speedup / s.n },
    ]),
  );
}
