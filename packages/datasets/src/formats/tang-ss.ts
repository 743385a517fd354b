import { z } from 'zod';
import { quoteInput } from '../errors';
import { readLines } from '../lines';
import { maxRecordCharsSchema, onInvalidSchema, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
import { makeRecord } from './records';

const optionsSchema = z
  .object({ onInvalid: onInvalidSchema, maxRecordChars: maxRecordCharsSchema })
  .strict();

/** Options for {@link readTangSs}. */
export type TangSsOptions = z.input<typeof optionsSchema>;

const FIELD_SEPARATOR = '\t\t';
const SENTENCE_SEPARATOR = / ?<sssss> ?/g;

/**
 * Reads one of Tang et al.'s (2015) `.ss` files (`yelp-2013-seg-20-20.train.ss`, ...): one review a
 * line, `user\t\tproduct\t\trating\t\treview`, sentences separated by ` <sssss> ` (read as spaces).
 * The label is the rating, 1 to 5.
 */
export function readTangSs(file: string, options?: TangSsOptions): RecordSource {
  const { onInvalid, maxRecordChars } = parseOptions(optionsSchema, options, 'readTangSs');
  return recordSource(
    onInvalid,
    async function* (invalid) {
      for await (const { text: raw, line } of readLines(file, invalid, maxRecordChars)) {
        const fields = raw.split(FIELD_SEPARATOR);
        if (fields.length < 4) {
          invalid.report(
            'missingField',
            file,
            line,
            `expected 4 fields separated by two tabs (user, product, rating, review), found ${fields.length}`,
          );
          continue;
        }
        // The review itself may not hold a double tab, but be lenient and keep any that it does.
        const review = fields.slice(3).join(FIELD_SEPARATOR).replace(SENTENCE_SEPARATOR, ' ');
        const record = makeRecord(review, fields[2], file, line, invalid);
        if (!record) continue;
        if (!/^[1-5]$/.test(record.label)) {
          invalid.report(
            'badLabel',
            file,
            line,
            `rating is ${quoteInput(record.label)}; expected 1 to 5`,
          );
          continue;
        }
        yield record;
      }
    },
    file,
  );
}
