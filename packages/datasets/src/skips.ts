import { DatasetError } from './errors';

/** What to do with an invalid record: stop with an error, or skip it and count it. */
export type InvalidPolicy = 'error' | 'skip';

/** Why a record was skipped. */
export type SkipReason =
  | 'emptyText'
  | 'missingField'
  | 'missingLabel'
  | 'badLabel'
  | 'malformedRow'
  | 'unterminatedQuote'
  | 'invalidUtf8'
  | 'invalidJson'
  | 'concatenatedRecords';

/** Skipped records counted by reason; reasons that never occurred are absent. */
export type SkipCounts = Partial<Record<SkipReason, number>>;

/** Applies an {@link InvalidPolicy}: throws a located error, or counts the record as skipped. */
export class InvalidRecords {
  private readonly counts: SkipCounts = {};

  constructor(readonly policy: InvalidPolicy) {}

  /** Reports one invalid record; throws a {@link DatasetError} when the policy is 'error'. */
  report(reason: SkipReason, file: string, line: number, problem: string): void {
    if (this.policy === 'error') {
      throw new DatasetError(
        file,
        line,
        `${problem} (pass onInvalid: 'skip' to skip and count such records)`,
      );
    }
    this.count(reason);
  }

  /** Counts a record that is skipped by design whatever the policy (a known defect of a corpus). */
  count(reason: SkipReason, by = 1): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + by;
  }

  /** A copy of the counts so far. */
  snapshot(): SkipCounts {
    return { ...this.counts };
  }
}

/** Adds skip counts, for sources made of several files. */
export function addSkipCounts(into: SkipCounts, from: SkipCounts): SkipCounts {
  for (const [reason, n] of Object.entries(from) as [SkipReason, number][]) {
    into[reason] = (into[reason] ?? 0) + n;
  }
  return into;
}
