import { addSkipCounts, totalSkipped, type FileRecordStats, type SkipCounts } from './skips';
import type { PartName } from './encode-plan';

/** What one part of the source gave the encoding. */
export interface PartStats {
  /** 'all' for one pooled source; otherwise the part of a predefined split. */
  name: PartName;
  /** Rows encoded from this part. */
  records: number;
  /** Per file of the part: records kept and skipped by reason (unknown labels included). */
  files: FileRecordStats[];
}

/**
 * Figures about an encoding that callers report (a command line's --json, a report file): every
 * record refused and skipped is counted here, by part, file and reason.
 */
export interface EncodeStats {
  /** Parts in row order. */
  parts: PartStats[];
  /** Records skipped, by reason, over every part (the same as `EncodedDataset.skipped`). */
  skipped: SkipCounts;
  /** The sum of {@link skipped}. */
  skippedTotal: number;
}

/** Sums the parts' figures. */
export function encodeStats(parts: PartStats[]): EncodeStats {
  const skipped: SkipCounts = {};
  for (const part of parts) for (const file of part.files) addSkipCounts(skipped, file.skipped);
  return { parts, skipped, skippedTotal: totalSkipped(skipped) };
}
