// Attention weights as word spans of the input text: what `srnn predict --explain` prints and
// what the web page highlights, from one implementation. The weights come from @srnn/model's
// explainAttention over the rows exactly as classify encodes them (front-padded, unknown words
// dropped or the OOV token).
import * as tf from '@tensorflow/tfjs';
import { explainAttention } from '@srnn/model';
import type { Tokenizer } from '@srnn/text';

/** One step of a level's attention: the words it covers and the weight it got. */
export interface AttendedSpan {
  /** Attention weight of the step (a sequence's weights sum to 1; the top level is one sequence). */
  weight: number;
  /** First and last+1 position among the text's encoded words (0-based), when it covers any. */
  from?: number;
  to?: number;
  /** The words of the span as the model saw them ('' for a step over padding only). */
  words: string;
}

/** The attention of one level with attention over one text, every step in the text's order. */
export interface LevelSpans {
  /** The level p (0: over tokens; the highest is the top level). */
  level: number;
  /** Steps one sequence of this level has (the spans of a sequence are consecutive). */
  steps: number;
  spans: AttendedSpan[];
}

/** The tokenizer's index reversed (id to word; the first word wins for a shared id). */
export function wordsById(tokenizer: Pick<Tokenizer, 'wordIndex'>): Map<number, string> {
  const wordOf = new Map<number, string>();
  for (const [word, id] of tokenizer.wordIndex) if (!wordOf.has(id)) wordOf.set(id, word);
  return wordOf;
}

/**
 * Every attention level's spans for `rows` encoded texts: `x` holds `rows * maxLength` front-padded
 * ids (as classify builds them), `counts[r]` the real tokens of row r. Levels in ascending order;
 * an empty list per row when the model has no attention.
 */
export function attentionSpans(
  model: tf.LayersModel,
  x: Int32Array,
  counts: readonly number[],
  maxLength: number,
  wordOf: ReadonlyMap<number, string>,
): LevelSpans[][] {
  const rows = counts.length;
  const ids = tf.tensor2d(x, [rows, maxLength], 'int32');
  const levels = explainAttention(model, ids);
  try {
    const out: LevelSpans[][] = Array.from({ length: rows }, () => []);
    for (const level of [...levels].sort((a, b) => a.level - b.level)) {
      const [, sequences, steps] = level.weights.shape as [number, number, number];
      const weights = level.weights.dataSync();
      const perRow = sequences * steps;
      const per = level.tokensPerStep;
      // Each level reads the whole padded row; the model pads its front up to its plan's length.
      const frontPadding = perRow * per - maxLength;
      for (let r = 0; r < rows; r++) {
        const row = x.subarray(r * maxLength, (r + 1) * maxLength);
        const firstWord = maxLength - Math.min(counts[r]!, maxLength); // rows are front-padded
        const spans: AttendedSpan[] = [];
        for (let j = 0; j < perRow; j++) {
          const start = Math.max(j * per - frontPadding, firstWord);
          const end = Math.min((j + 1) * per - frontPadding, maxLength);
          const span: AttendedSpan = { weight: weights[r * perRow + j]!, words: '' };
          if (end > start) {
            span.from = start - firstWord;
            span.to = end - firstWord;
            span.words = Array.from(row.subarray(start, end), (id) => wordOf.get(id) ?? '?').join(
              ' ',
            );
          }
          spans.push(span);
        }
        out[r]!.push({ level: level.level, steps, spans });
      }
    }
    return out;
  } finally {
    ids.dispose();
    for (const level of levels) tf.dispose(level.weights);
  }
}

/** The top level's spans of one text encoded into one row (what `srnn predict --explain` shows). */
export function topLevelSpans(
  model: tf.LayersModel,
  tokenizer: Pick<Tokenizer, 'wordIndex' | 'encodeInto'>,
  text: string,
): AttendedSpan[] {
  const maxLength = model.inputs[0]!.shape[1] as number;
  const row = new Int32Array(maxLength);
  const count = tokenizer.encodeInto(text, row);
  const [levels] = attentionSpans(model, row, [count], maxLength, wordsById(tokenizer));
  return levels!.at(-1)?.spans ?? [];
}
