import { explainAttention } from '@srnn/model';
import type { TrainedModel } from '@srnn/pipeline';
import * as tf from '@tensorflow/tfjs';

/** One step of the top level's attention: the words it covers and the weight it got. */
export interface AttendedSpan {
  /** Attention weight of the step (the top level's weights sum to 1). */
  weight: number;
  /** First and last+1 position among the text's encoded words (0-based), when it covers any. */
  from?: number;
  to?: number;
  /** The words of the span as the model saw them ('' for a step over padding only). */
  words: string;
}

/** Whether the model's top level pools by attention (so `--explain` has something to show). */
export function hasAttention(trained: TrainedModel): boolean {
  const model = trained.config?.model as { architecture?: string; attention?: boolean } | undefined;
  return model?.architecture === 'srnn' && model.attention === true;
}

/**
 * The top level's attention over `text`, step by step, as word spans of the encoded text (in the
 * text's order). Encoded exactly as predict encodes it: front-padded, unknown words dropped or the
 * OOV token.
 */
export function explainText(trained: TrainedModel, text: string): AttendedSpan[] {
  const maxLength = trained.model.inputs[0]!.shape[1] as number;
  const row = new Int32Array(maxLength);
  const count = Math.min(trained.tokenizer.encodeInto(text, row), maxLength);
  const wordOf = new Map<number, string>();
  for (const [word, id] of trained.tokenizer.wordIndex) if (!wordOf.has(id)) wordOf.set(id, word);
  const firstWord = maxLength - count; // rows are front-padded
  const ids = tf.tensor2d(row, [1, maxLength], 'int32');
  const levels = explainAttention(trained.model, ids);
  try {
    const top = levels.reduce<(typeof levels)[number] | undefined>(
      (best, level) => (best === undefined || level.level > best.level ? level : best),
      undefined,
    );
    if (top === undefined) return [];
    const [, sequences, steps] = top.weights.shape as [number, number, number];
    const weights = top.weights.dataSync();
    // The top level reads the whole padded row; the model pads the front up to its plan's length.
    const frontPadding = sequences * steps * top.tokensPerStep - maxLength;
    const spans: AttendedSpan[] = [];
    for (let j = 0; j < sequences * steps; j++) {
      const start = Math.max(j * top.tokensPerStep - frontPadding, firstWord);
      const end = Math.min((j + 1) * top.tokensPerStep - frontPadding, maxLength);
      const span: AttendedSpan = { weight: Number(weights[j]!.toPrecision(4)), words: '' };
      if (end > start) {
        span.from = start - firstWord;
        span.to = end - firstWord;
        span.words = Array.from(row.subarray(start, end), (id) => wordOf.get(id) ?? '?').join(' ');
      }
      spans.push(span);
    }
    return spans;
  } finally {
    ids.dispose();
    for (const level of levels) tf.dispose(level.weights);
  }
}
