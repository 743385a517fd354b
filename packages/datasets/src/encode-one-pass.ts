import { padInto, SequenceStore } from '@srnn/text';
import { LabelMap } from './label-map';
import type { EncodePlan, EncodeResult } from './encode-plan';
import { encodeStats, type PartStats } from './encode-stats';
import { LabelGate } from './label-gate';
import { rowWriter } from './row-writer';

/**
 * One pass over the source: each document is split once; a fitted part's tokens are kept as
 * fit-order ids (the tokenizer's counts grow as they are read), the others' as final ids. Once
 * everything is read, the fit-order ids are mapped to their final rank (`numWords` cut, OOV) while
 * the rows are written. Memory: the ids plus 4 bytes per token read.
 */
export async function encodeInOnePass(plan: EncodePlan): Promise<EncodeResult> {
  const { parts, tokenizer, givenLabels } = plan;
  const fitted = new SequenceStore();
  const encoded = new SequenceStore();
  // With learned labels, y first holds ids in order of first appearance, remapped at the end.
  const gate = new LabelGate(givenLabels, plan.unknownLabels);
  let y = new Int32Array(1024);
  let rows = 0;
  const counts: number[] = [];
  const partStats: PartStats[] = [];
  // Rows of fitted parts are written first, so they must come first in the source order.
  const firstUnfitted = parts.findIndex((part) => !part.fit);
  if (firstUnfitted >= 0 && parts.slice(firstUnfitted).some((part) => part.fit)) {
    throw new Error('encodeDataset: internal error, the fitted parts must come first');
  }
  for (const part of parts) {
    const stream = part.open();
    let n = 0;
    for await (const record of stream) {
      const label = gate.resolve(record, part.name);
      if (label < 0) continue;
      if (part.fit) fitted.append(tokenizer.fitOnTextWithIds(record.text));
      else encoded.append(tokenizer.textToSequence(record.text));
      if (rows === y.length) y = grow(y);
      y[rows++] = label;
      n++;
    }
    counts.push(n);
    partStats.push(gate.partStats(part.name, stream.files ?? [], n));
  }

  const labels = givenLabels ?? LabelMap.learn(gate.learned.keys());
  if (!givenLabels) {
    const final = Int32Array.from(gate.learned.keys(), (label) => labels.indexOf(label));
    for (let r = 0; r < rows; r++) y[r] = final[y[r] as number] as number;
  }
  // Fitted parts' ids are in fit order: map them to their final ids (negative: dropped).
  const map = tokenizer.fitOrderToIndex();
  let mapped = new Int32Array(1024);
  const out = rowWriter(plan, rows);
  for (let position = 0; position < fitted.length; position++) {
    const ids = fitted.get(position);
    if (mapped.length < ids.length) mapped = new Int32Array(ids.length * 2);
    let kept = 0;
    for (const id of ids) {
      const final = map[id] as number;
      if (final >= 0) mapped[kept++] = final;
    }
    const row = mapped.subarray(0, kept);
    out.write((window, options) => padInto(row, window, options));
  }
  for (let position = 0; position < encoded.length; position++) {
    const row = encoded.get(position);
    out.write((window, options) => padInto(row, window, options));
  }
  const { x, offsets } = out.finish();
  const stats = encodeStats(partStats);
  return {
    x,
    ...(offsets ? { offsets } : {}),
    y: y.slice(0, rows),
    labels,
    counts,
    skipped: { ...stats.skipped },
    stats,
  };
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
