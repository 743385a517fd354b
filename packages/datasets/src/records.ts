import { DatasetError } from './errors';
import {
  addSkipCounts,
  describeSkips,
  InvalidRecords,
  totalSkipped,
  type FileRecordStats,
  type InvalidPolicy,
  type SkipCounts,
} from './skips';

/** One labelled document as a reader yields it: raw text, raw label, and where it came from. */
export interface TextRecord {
  /** The document's text (never empty). */
  text: string;
  /** The raw label as the file writes it (after any format-defined mapping, e.g. 1-based to 0-based). */
  label: string;
  /** The file the record came from. */
  file: string;
  /** 1-based line where the record starts (for a JSON array: the 1-based element number). */
  line: number;
}

/**
 * One pass over a data source. Iterate it once; `skipped` and `files` hold the figures so far
 * (complete once the iteration has finished).
 */
export interface RecordStream extends AsyncIterable<TextRecord> {
  /** Invalid records skipped, by reason, over every file. */
  readonly skipped: SkipCounts;
  /**
   * Per file: records kept, records skipped by reason, and where the first skipped ones are.
   * Every source of this package gives it; a wrapper that leaves it out loses the per-file figures
   * (encoding then reports the part's counts without files).
   */
  readonly files?: readonly FileRecordStats[];
}

/** Opens a fresh pass over a data source; every call starts again from the beginning. */
export type RecordSource = () => RecordStream;

/**
 * Makes a {@link RecordSource} from a generator that reports invalid records to an
 * {@link InvalidRecords}. A pass that ends without a single record is an error naming `file`
 * (with the skip counts when every record was invalid): an empty file is never an empty data set.
 */
export function recordSource(
  policy: InvalidPolicy,
  produce: (invalid: InvalidRecords) => AsyncIterable<TextRecord>,
  file = 'the data source',
): RecordSource {
  return () => {
    const invalid = new InvalidRecords(policy);
    return {
      get skipped() {
        return invalid.snapshot();
      },
      get files() {
        return invalid.fileStats();
      },
      async *[Symbol.asyncIterator]() {
        let kept = 0;
        for await (const record of produce(invalid)) {
          invalid.kept(record.file);
          kept++;
          yield record;
        }
        if (kept === 0) {
          const skipped = invalid.snapshot();
          const n = totalSkipped(skipped);
          throw new DatasetError(
            file,
            0,
            n > 0
              ? `holds no valid records (${n} skipped: ${describeSkips(skipped)})`
              : 'is empty (it holds no records)',
          );
        }
      },
    };
  };
}

/** One source that yields the records of several sources in turn (e.g. train.csv then test.csv). */
export function concatSources(sources: readonly RecordSource[]): RecordSource {
  return () => {
    const opened = sources.map((open) => open());
    return {
      get skipped() {
        return opened.reduce<SkipCounts>((sum, s) => addSkipCounts(sum, s.skipped), {});
      },
      get files() {
        return opened.flatMap((s) => s.files ?? []);
      },
      async *[Symbol.asyncIterator]() {
        for (const stream of opened) yield* stream;
      },
    };
  };
}
