import { join } from 'node:path';
import type { RecordSource, TextRecord } from '../src/records';
import type { SkipCounts } from '../src/skips';

export const fixture = (...parts: string[]): string => join(__dirname, 'fixtures', ...parts);

/** Reads a whole source (fine for the small fixtures), with its skip counts. */
export async function readAll(
  source: RecordSource,
): Promise<{ records: TextRecord[]; skipped: SkipCounts }> {
  const stream = source();
  const records: TextRecord[] = [];
  for await (const record of stream) records.push(record);
  return { records, skipped: stream.skipped };
}

/** Text, label and line of each record, for compact expectations. */
export const brief = (records: TextRecord[]): [string, string, number][] =>
  records.map((r) => [r.text, r.label, r.line]);
