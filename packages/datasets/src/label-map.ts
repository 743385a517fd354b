import { parseOptions } from '@srnn/errors';
import { z } from 'zod';
import { DatasetError, listInputs, quoteInput } from './errors';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Whether a raw label is written as a number ("3", "-1", "0.5", "1e3"). */
export function isNumericLabel(label: string): boolean {
  return NUMBER.test(label);
}

const labelMapJsonSchema = z.object({
  labels: z.array(z.string().min(1)).min(1),
});

/** The JSON form of a {@link LabelMap}: the labels in class-index order. */
export type LabelMapJson = z.infer<typeof labelMapJsonSchema>;

/**
 * Maps raw labels to class indices 0..size-1 and back. Learned from data it sorts the labels:
 * numerically when every label is a number ("2" before "10"), otherwise by UTF-16 code units; or
 * it takes the order given. Save it with the model and reuse it at prediction time.
 */
export class LabelMap {
  private readonly index: ReadonlyMap<string, number>;

  private constructor(readonly labels: readonly string[]) {
    if (labels.length === 0)
      throw new Error('LabelMap: no labels; a label map needs at least one label');
    const index = new Map<string, number>();
    labels.forEach((label, i) => {
      if (index.has(label)) throw new Error(`LabelMap: label ${quoteInput(label)} is given twice`);
      index.set(label, i);
    });
    this.index = index;
  }

  /** A map in the order given (class i is `labels[i]`). */
  static fromLabels(labels: readonly string[]): LabelMap {
    return new LabelMap([...labels]);
  }

  /** A map learned from the labels seen in data: distinct labels, sorted (see the class comment). */
  static learn(seen: Iterable<string>): LabelMap {
    const distinct = [...new Set(seen)];
    const numeric = distinct.every(isNumericLabel);
    distinct.sort(
      numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    );
    return new LabelMap(distinct);
  }

  /** Reads the JSON written by {@link LabelMap.toJSON}. */
  static fromJSON(json: unknown): LabelMap {
    const { labels } = parseOptions(
      labelMapJsonSchema,
      json,
      'LabelMap.fromJSON: expected { labels: string[] } with at least one non-empty label',
    );
    return new LabelMap(labels);
  }

  /** Number of classes. */
  get size(): number {
    return this.labels.length;
  }

  /** Whether a raw label is known. */
  has(label: string): boolean {
    return this.index.has(label);
  }

  /**
   * The class index of a raw label. An unknown label is an error naming the known labels and,
   * when given, the file and line it came from.
   */
  indexOf(label: string, where?: { file: string; line: number }): number {
    const i = this.index.get(label);
    if (i !== undefined) return i;
    const problem = `unknown label ${quoteInput(label)}; known labels: ${listInputs(this.labels)}`;
    if (where) throw new DatasetError(where.file, where.line, problem);
    throw new Error(`LabelMap: ${problem}`);
  }

  /** The raw label of a class index. */
  labelOf(index: number): string {
    const label = this.labels[index];
    if (label === undefined) {
      throw new RangeError(
        `LabelMap: class index ${index} is out of range; expected 0 to ${this.size - 1}`,
      );
    }
    return label;
  }

  /** JSON for saving next to a model. */
  toJSON(): LabelMapJson {
    return { labels: [...this.labels] };
  }
}
