import type { IdRow } from '@srnn/text';
import type { EncodePlan, TokenIds } from './encode-plan';
import { RaggedIdsWriter, type RowOffsets } from './ragged-ids';
import { allocateIds, wideIds } from './token-ids';

/** How a row is written: into `window`, padded and truncated by `options`; returns the ids kept. */
export type WriteRow = (
  window: IdRow,
  options: { padding: 'pre' | 'post'; truncating: 'pre' | 'post' },
) => number;

/** Writes encoded rows in order in the plan's layout, whichever encoding strategy produced them. */
export interface RowWriter {
  write(row: WriteRow): void;
  finish(): { x: TokenIds; offsets?: RowOffsets };
}

/**
 * The plan's layout for `rows` rows: a preallocated padded matrix ('dense'), or ragged ids where
 * each row keeps only its real ids, truncated by the same rule ('ragged'). A row is written with
 * trailing padding in the ragged case, so its kept ids are the window's first ones: the same ids
 * a dense row holds after its padding.
 */
export function rowWriter(plan: EncodePlan, rows: number): RowWriter {
  const { maxLen, padding, truncating } = plan;
  // The ids the fitted tokenizer emits, not the vocabulary setting, decide the width.
  const maxId = plan.tokenizer.largestId;
  if (plan.layout === 'ragged') {
    const ragged = new RaggedIdsWriter(rows, maxLen, wideIds(maxId, plan.ids));
    const options = { padding: 'post', truncating } as const;
    return {
      write: (row) => ragged.append((window) => row(window, options)),
      finish: () => ragged.finish(),
    };
  }
  const x = allocateIds(rows * maxLen, maxId, plan.ids);
  const options = { padding, truncating };
  let row = 0;
  return {
    write: (write) => {
      write(x.subarray(row * maxLen, (row + 1) * maxLen), options);
      row++;
    },
    finish: () => ({ x }),
  };
}
