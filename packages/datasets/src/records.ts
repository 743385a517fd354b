import { addSkipCounts, InvalidRecords, type InvalidPolicy, type SkipCounts } from './skips';

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
 * One pass over a data source. Iterate it once; `skipped` holds the counts of invalid records
 * skipped so far (complete once the iteration has finished).
 */
export interface RecordStream extends AsyncIterable<TextRecord> {
  readonly skipped: SkipCounts;
}

/** Opens a fresh pass over a data source; every call starts again from the beginning. */
export type RecordSource = () => RecordStream;

/** Makes a {@link RecordSource} from a generator that reports invalid records to an {@link InvalidRecords}. */
export function recordSource(
  policy: InvalidPolicy,
  produce: (invalid: InvalidRecords) => AsyncIterable<TextRecord>,
): RecordSource {
  return () => {
    const invalid = new InvalidRecords(policy);
    return {
      get skipped() {
        return invalid.snapshot();
      },
      [Symbol.asyncIterator]: () => produce(invalid)[Symbol.asyncIterator](),
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
      async *[Symbol.asyncIterator]() {
        for (const stream of opened) yield* stream;
      },
    };
  };
}
