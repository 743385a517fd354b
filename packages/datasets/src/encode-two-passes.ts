import { LabelMap } from './label-map';
import type { EncodePlan, EncodeResult } from './encode-plan';
import type { TextRecord } from './records';
import { addSkipCounts, type SkipCounts } from './skips';

/**
 * Two streaming passes that keep no tokens: pass 1 fits the tokenizer, learns the labels and
 * counts the records; pass 2 writes each document straight into its row of the preallocated
 * matrix with `tokenizer.encodeInto`. Memory is the matrix alone.
 */
export async function encodeInTwoPasses(plan: EncodePlan): Promise<EncodeResult> {
  const { parts, tokenizer, givenLabels, maxLen, padding, truncating } = plan;
  // Pass 1: count, collect labels, fit.
  const seenLabels = new Set<string>();
  const counts: number[] = [];
  for (const part of parts) {
    let n = 0;
    const texts = async function* (): AsyncGenerator<string> {
      for await (const record of part.open()) {
        n++;
        if (givenLabels) givenLabels.indexOf(record.label, record);
        else seenLabels.add(record.label);
        if (part.fit) yield record.text;
      }
    };
    if (part.fit) {
      await tokenizer.fitOnTextsAsync(texts());
    } else {
      for await (const _text of texts());
    }
    counts.push(n);
  }
  const labels = givenLabels ?? LabelMap.learn(seenLabels);

  // Pass 2: encode into one preallocated matrix.
  const total = counts.reduce((a, b) => a + b, 0);
  const x = new Int32Array(total * maxLen);
  const y = new Int32Array(total);
  const skipped: SkipCounts = {};
  const rowOptions = { padding, truncating };
  let row = 0;
  for (const [p, part] of parts.entries()) {
    const stream = part.open();
    const partEnd = row + (counts[p] ?? 0);
    for await (const record of stream) {
      if (row >= partEnd) throw sourceChanged(record);
      tokenizer.encodeInto(record.text, x.subarray(row * maxLen, (row + 1) * maxLen), rowOptions);
      y[row] = labels.indexOf(record.label, record);
      row++;
    }
    if (row !== partEnd) throw sourceChanged();
    addSkipCounts(skipped, stream.skipped);
  }
  return { x, y, labels, counts, skipped };
}

function sourceChanged(record?: TextRecord): Error {
  const where = record ? ` (at ${record.file}, line ${record.line})` : '';
  return new Error(
    `encodeDataset: the source gave a different number of records on the second pass${where}; do not change the files while encoding`,
  );
}
