import { DatasetError, type Remedy } from './errors';

/** What to do with an invalid record: stop with an error, or skip it and count it. */
export type InvalidPolicy = 'error' | 'skip';

/** Why a record was skipped. */
export type SkipReason =
  | 'emptyText'
  | 'textNotString'
  | 'missingField'
  | 'extraFields'
  | 'missingLabel'
  | 'badLabel'
  | 'unknownLabel'
  | 'malformedRow'
  | 'unterminatedQuote'
  | 'recordTooLong'
  | 'invalidUtf8'
  | 'invalidJson'
  | 'concatenatedRecords';

/** Skipped records counted by reason; reasons that never occurred are absent. */
export type SkipCounts = Partial<Record<SkipReason, number>>;

/** A skipped record's place, to look at. */
export interface SkippedAt {
  line: number;
  reason: SkipReason;
}

/** What one file gave: records kept and records skipped, by reason. */
export interface FileRecordStats {
  /** The file (as given to the reader; a package-relative name for bundled corpora). */
  file: string;
  /** Records kept. */
  records: number;
  /** Records skipped, by reason. */
  skipped: SkipCounts;
  /** The first skipped records (at most {@link FIRST_SKIPPED_KEPT}), in file order. */
  firstSkipped: SkippedAt[];
}

/** How many skipped records are located in {@link FileRecordStats.firstSkipped}. */
export const FIRST_SKIPPED_KEPT = 10;

/** The sum of a file's or a source's skip counts. */
export function totalSkipped(counts: SkipCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** `emptyText 3, badLabel 1`: skip counts for a message. */
export function describeSkips(counts: SkipCounts): string {
  return Object.entries(counts)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
}

const SKIP_REMEDY = { option: 'onInvalid', value: 'skip', effect: 'skip and count such records' };

/** Applies an {@link InvalidPolicy}: throws a located error, or counts the record as skipped. */
export class InvalidRecords {
  private readonly files = new Map<string, FileRecordStats>();

  constructor(readonly policy: InvalidPolicy) {}

  /** Reports one invalid record; throws a {@link DatasetError} when the policy is 'error'. */
  report(
    reason: SkipReason,
    file: string,
    line: number,
    problem: string,
    remedy: Remedy = SKIP_REMEDY,
  ): void {
    if (this.policy === 'error') throw new DatasetError(file, line, problem, remedy);
    this.count(reason, file, line);
  }

  /** Counts a record skipped whatever the policy (a known defect of a corpus, or after a report). */
  count(reason: SkipReason, file: string, line: number, by = 1): void {
    const stats = this.of(file);
    stats.skipped[reason] = (stats.skipped[reason] ?? 0) + by;
    if (line > 0 && stats.firstSkipped.length < FIRST_SKIPPED_KEPT) {
      stats.firstSkipped.push({ line, reason });
    }
  }

  /** Counts one record kept. */
  kept(file: string): void {
    this.of(file).records++;
  }

  /** Skip counts by reason over every file so far. */
  snapshot(): SkipCounts {
    const sum: SkipCounts = {};
    for (const stats of this.files.values()) addSkipCounts(sum, stats.skipped);
    return sum;
  }

  /** Copies of the per-file figures so far, in the order the files were first seen. */
  fileStats(): FileRecordStats[] {
    return [...this.files.values()].map(copyFileStats);
  }

  private of(file: string): FileRecordStats {
    let stats = this.files.get(file);
    if (!stats) {
      stats = { file, records: 0, skipped: {}, firstSkipped: [] };
      this.files.set(file, stats);
    }
    return stats;
  }
}

/** A deep copy of one file's figures. */
export function copyFileStats(stats: FileRecordStats): FileRecordStats {
  return {
    file: stats.file,
    records: stats.records,
    skipped: { ...stats.skipped },
    firstSkipped: stats.firstSkipped.map((s) => ({ ...s })),
  };
}

/** Adds skip counts, for sources made of several files. */
export function addSkipCounts(into: SkipCounts, from: SkipCounts): SkipCounts {
  for (const [reason, n] of Object.entries(from) as [SkipReason, number][]) {
    into[reason] = (into[reason] ?? 0) + n;
  }
  return into;
}
