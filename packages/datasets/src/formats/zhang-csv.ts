import { z } from 'zod';
import { readDelimitedBatches } from '../csv-rows';
import { quoteInput } from '../errors';
import { maxRecordCharsSchema, onInvalidSchema, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
import { joinTitle } from './join-title';
import { makeRecord } from './records';

const optionsSchema = z
  .object({
    /** Whether rows are `class,title,text` (Amazon) rather than `class,text` (Yelp). */
    withTitle: z.boolean(),
    /** Number of classes; labels outside 1..classes are invalid. */
    classes: z.number().int().min(2),
    onInvalid: onInvalidSchema,
    /** The longest record read, in characters; longer ones are refused (or skipped). */
    maxRecordChars: maxRecordCharsSchema,
  })
  .strict();

/** Options for {@link readZhangCsv}. */
export type ZhangCsvOptions = z.input<typeof optionsSchema>;

const ESCAPED_NEWLINE = /\\n/g;

/**
 * Reads one of Zhang, Zhao and LeCun's (2015) CSVs (yelp_review_polarity, amazon_review_full, ...):
 * no header; `"class","text"` or `"class","title","text"` (title and text joined by a space); the
 * two characters backslash and n decoded to a newline; labels 1-based in the file, 0-based in the
 * records (`"1"` becomes `"0"`).
 */
export function readZhangCsv(file: string, options: ZhangCsvOptions): RecordSource {
  const { withTitle, classes, onInvalid, maxRecordChars } = parseOptions(
    optionsSchema,
    options,
    'readZhangCsv',
  );
  const width = withTitle ? 3 : 2;
  return recordSource(
    onInvalid,
    async function* (invalid) {
      for await (const rows of readDelimitedBatches(file, ',', invalid, { maxRecordChars })) {
        for (const { fields, line } of rows) {
          if (fields.length !== width) {
            invalid.report(
              fields.length < width ? 'missingField' : 'malformedRow',
              file,
              line,
              `expected ${width} fields (${withTitle ? 'class, title, text' : 'class, text'}), found ${fields.length}`,
            );
            continue;
          }
          const joined = withTitle
            ? joinTitle(fields[1] ?? '', fields[2] ?? '')
            : (fields[1] ?? '');
          const record = makeRecord(
            joined.replace(ESCAPED_NEWLINE, '\n'),
            fields[0],
            file,
            line,
            invalid,
          );
          if (!record) continue;
          const label = Number(record.label);
          if (!/^\d+$/.test(record.label) || label < 1 || label > classes) {
            invalid.report(
              'badLabel',
              file,
              line,
              `class is ${quoteInput(record.label)}; expected 1 to ${classes}`,
            );
            continue;
          }
          record.label = String(label - 1);
          yield record;
        }
      }
    },
    file,
  );
}
