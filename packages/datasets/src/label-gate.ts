import { DatasetError, listInputs, quoteInput } from './errors';
import type { PartName } from './encode-plan';
import type { PartStats } from './encode-stats';
import { isNumericLabel, LabelMap } from './label-map';
import type { TextRecord } from './records';
import { addSkipCounts, copyFileStats, FIRST_SKIPPED_KEPT, type FileRecordStats } from './skips';

const UNKNOWN_LABELS_REMEDY = {
  option: 'unknownLabels',
  value: 'skip',
  effect: 'drop and count records whose label is not known',
};

/**
 * Decides each record's label: learned from the training parts ('all' and 'train'), and
 * only checked in the others ('dev', 'test') and whenever labels are given. A label that is not
 * known is an error naming file and line, or (with `unknownLabels: 'skip'`) the record is dropped
 * and counted per file. Learned labels get provisional ids in order of first appearance.
 */
export class LabelGate {
  /** Learned labels in order of first appearance, with their provisional ids. */
  readonly learned = new Map<string, number>();
  /** The learned labels written as numbers, by value, and where each was first seen. */
  readonly #numbers = new Map<number, { label: string; file: string; line: number }>();
  /** Per part: dropped records counted per file. */
  readonly #drops = new Map<string, FileRecordStats>();

  constructor(
    readonly given: LabelMap | undefined,
    readonly policy: 'error' | 'skip',
  ) {}

  /** The class id (provisional when learned) of a record's label, or -1 when it is dropped. */
  resolve(record: TextRecord, part: PartName): number {
    if (this.given) {
      if (this.given.has(record.label)) return this.given.indexOf(record.label);
      return this.#unknown(record, this.given.labels, 'is not one of the given labels');
    }
    const id = this.learned.get(record.label);
    if (id !== undefined) return id;
    if (part === 'all' || part === 'train') {
      this.#refuseAnotherSpelling(record);
      this.learned.set(record.label, this.learned.size);
      return this.learned.size - 1;
    }
    return this.#unknown(
      record,
      LabelMap.learn(this.learned.keys()).labels,
      'does not occur in the training data',
    );
  }

  /**
   * Labels are matched as written, so "1" and "1.0" (or "01", "+1", "1e0") would be two classes of
   * one number: almost always a file written by two programs. Refused, naming both places.
   */
  #refuseAnotherSpelling(record: TextRecord): void {
    if (!isNumericLabel(record.label)) return;
    const value = Number(record.label);
    const first = this.#numbers.get(value);
    if (first === undefined) {
      this.#numbers.set(value, { label: record.label, file: record.file, line: record.line });
      return;
    }
    throw new DatasetError(
      record.file,
      record.line,
      `the label ${quoteInput(record.label)} is the number ${quoteInput(first.label)} (${first.file}, line ${first.line}) written another way; labels are matched as written, so they would be two classes: write each class's label one way`,
    );
  }

  /** Whether a record's label is known, without counting anything (a second pass's check). */
  known(record: TextRecord): boolean {
    return this.given ? this.given.has(record.label) : this.learned.has(record.label);
  }

  #unknown(record: TextRecord, labels: readonly string[], why: string): number {
    if (this.policy === 'error') {
      throw new DatasetError(
        record.file,
        record.line,
        `the label ${quoteInput(record.label)} ${why} (labels: ${listInputs(labels)})`,
        UNKNOWN_LABELS_REMEDY,
      );
    }
    let stats = this.#drops.get(record.file);
    if (!stats) {
      stats = { file: record.file, records: 0, skipped: {}, firstSkipped: [] };
      this.#drops.set(record.file, stats);
    }
    stats.skipped.unknownLabel = (stats.skipped.unknownLabel ?? 0) + 1;
    if (stats.firstSkipped.length < FIRST_SKIPPED_KEPT) {
      stats.firstSkipped.push({ line: record.line, reason: 'unknownLabel' });
    }
    return -1;
  }

  /**
   * One part's figures: its files' figures as read, less the records dropped here. A part left
   * without records is an error naming its files.
   */
  partStats(name: PartName, files: readonly FileRecordStats[], records: number): PartStats {
    const merged = files.map((f) => {
      const stats = copyFileStats(f);
      const dropped = this.#drops.get(f.file);
      if (dropped) {
        this.#drops.delete(f.file);
        stats.records -= dropped.skipped.unknownLabel ?? 0;
        addSkipCounts(stats.skipped, dropped.skipped);
        stats.firstSkipped = [...stats.firstSkipped, ...dropped.firstSkipped]
          .sort((a, b) => a.line - b.line)
          .slice(0, FIRST_SKIPPED_KEPT);
      }
      return stats;
    });
    // Drops in files the stream did not list (a wrapper without `files`) are still counted.
    for (const dropped of this.#drops.values()) merged.push(copyFileStats(dropped));
    this.#drops.clear();
    if (records === 0) {
      const dropped = merged.reduce((n, f) => n + (f.skipped.unknownLabel ?? 0), 0);
      throw new DatasetError(
        merged.map((f) => f.file).join(', ') || `the ${name} part`,
        0,
        `the ${name} part has no records left: all ${dropped} have labels that are not known`,
      );
    }
    return { name, records, files: merged };
  }
}
