import { LabelMap } from './label-map';
import type { EncodePlan, EncodeResult } from './encode-plan';
import { encodeStats, type PartStats } from './encode-stats';
import { LabelGate } from './label-gate';
import type { TextRecord } from './records';
import { rowWriter } from './row-writer';

/**
 * Two streaming passes that keep no tokens: pass 1 fits the tokenizer, learns the labels and
 * counts the records; pass 2 writes each document straight into its row with
 * `tokenizer.encodeInto` (of the preallocated matrix, or appended to the ragged ids). Memory is
 * the ids alone.
 */
export async function encodeInTwoPasses(plan: EncodePlan): Promise<EncodeResult> {
  const { parts, tokenizer, givenLabels } = plan;
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

  // Pass 2: encode each record into its row; the records dropped in pass 1 are dropped again.
  const total = counts.reduce((a, b) => a + b, 0);
  const y = new Int32Array(total);
  const out = rowWriter(plan, total);
  let row = 0;
  for (const [p, part] of parts.entries()) {
    const stream = part.open();
    const partEnd = row + (counts[p] ?? 0);
    for await (const record of stream) {
      if (!gate.known(record)) continue;
      if (row >= partEnd) throw sourceChanged(record);
      out.write((window, options) => tokenizer.encodeInto(record.text, window, options));
      y[row] = labels.indexOf(record.label, record);
      row++;
    }
    if (row !== partEnd) throw sourceChanged();
  }
  const { x, offsets } = out.finish();
  const stats = encodeStats(partStats);
  return {
    x,
    ...(offsets ? { offsets } : {}),
    y,
    labels,
    counts,
    skipped: { ...stats.skipped },
    stats,
  };
}

function sourceChanged(record?: TextRecord): Error {
  const where = record ? ` (at ${record.file}, line ${record.line})` : '';
  return new Error(
    `encodeDataset: the source gave a different number of records on the second pass${where}; do not change the files while encoding`,
  );
}
