import { LabelMap } from './label-map';
import type { EncodePlan, EncodeResult } from './encode-plan';
import { encodeStats, type PartStats } from './encode-stats';
import { LabelGate } from './label-gate';
import type { TextRecord } from './records';
import { allocateIds } from './token-ids';

/**
 * Two streaming passes that keep no tokens: pass 1 fits the tokenizer, learns the labels and
 * counts the records; pass 2 writes each document straight into its row of the preallocated
 * matrix with `tokenizer.encodeInto`. Memory is the matrix alone.
 */
export async function encodeInTwoPasses(plan: EncodePlan): Promise<EncodeResult> {
  const { parts, tokenizer, givenLabels, maxLen, padding, truncating } = plan;
  // Pass 1: count, collect labels, fit.
  const gate = new LabelGate(givenLabels, plan.unknownLabels);
  const counts: number[] = [];
  const partStats: PartStats[] = [];
  for (const part of parts) {
    let n = 0;
    const stream = part.open();
    const texts = async function* (): AsyncGenerator<string> {
      for await (const record of stream) {
        if (gate.resolve(record, part.name) < 0) continue;
        n++;
        if (part.fit) yield record.text;
      }
    };
    if (part.fit) {
      await tokenizer.fitOnTextsAsync(texts());
    } else {
      for await (const _text of texts());
    }
    counts.push(n);
    partStats.push(gate.partStats(part.name, stream.files ?? [], n));
  }
  const labels = givenLabels ?? LabelMap.learn(gate.learned.keys());

  // Pass 2: encode into one preallocated matrix; the records dropped in pass 1 are dropped again.
  const total = counts.reduce((a, b) => a + b, 0);
  const x = allocateIds(total * maxLen, tokenizer.vocabularySize - 1, plan.ids);
  const y = new Int32Array(total);
  const rowOptions = { padding, truncating };
  let row = 0;
  for (const [p, part] of parts.entries()) {
    const stream = part.open();
    const partEnd = row + (counts[p] ?? 0);
    for await (const record of stream) {
      if (!gate.known(record)) continue;
      if (row >= partEnd) throw sourceChanged(record);
      tokenizer.encodeInto(record.text, x.subarray(row * maxLen, (row + 1) * maxLen), rowOptions);
      y[row] = labels.indexOf(record.label, record);
      row++;
    }
    if (row !== partEnd) throw sourceChanged();
  }
  const stats = encodeStats(partStats);
  return { x, y, labels, counts, skipped: { ...stats.skipped }, stats };
}

function sourceChanged(record?: TextRecord): Error {
  const where = record ? ` (at ${record.file}, line ${record.line})` : '';
  return new Error(
    `encodeDataset: the source gave a different number of records on the second pass${where}; do not change the files while encoding`,
  );
}
