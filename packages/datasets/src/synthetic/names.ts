import { basename, dirname, join } from 'node:path';

/** The file a synthetic data set's directory holds to say so (a README). */
export const SYNTHETIC_MARKER = 'SYNTHETIC-DATA.md';

/** A data file's synthetic name: `synthetic-` before its base name (`amazon_review_full_csv/synthetic-train.csv`). */
export function syntheticFileName(file: string): string {
  const folder = dirname(file);
  const name = `synthetic-${basename(file)}`;
  return folder === '.' ? name : join(folder, name);
}
