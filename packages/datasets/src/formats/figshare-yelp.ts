import { z } from 'zod';
import { readDelimitedBatches } from '../csv-rows';
import { DatasetError, listInputs, quoteInput } from '../errors';
import { maxRecordCharsSchema, onInvalidSchema, parseOptions } from '../options';
import { recordSource, type RecordSource } from '../records';
import { makeRecord } from './records';

const optionsSchema = z
  .object({ onInvalid: onInvalidSchema, maxRecordChars: maxRecordCharsSchema })
  .strict();

/** Options for {@link readFigshareYelp}. */
export type FigshareYelpOptions = z.input<typeof optionsSchema>;

/**
 * Reads a Yelp 2013/2014/2015 CSV as the paper's code loads it (figshare): a header row, any other
 * columns (a leading unnamed index column included), with `stars` (1 to 5, the label) and `text`
 * chosen by name. Star values such as `4.0` read as `4`.
 */
export function readFigshareYelp(file: string, options?: FigshareYelpOptions): RecordSource {
  const { onInvalid, maxRecordChars } = parseOptions(optionsSchema, options, 'readFigshareYelp');
  return recordSource(
    onInvalid,
    async function* (invalid) {
      let textAt = -1;
      let starsAt = -1;
      for await (const rows of readDelimitedBatches(file, ',', invalid, { maxRecordChars })) {
        for (const { fields, line } of rows) {
          if (textAt < 0) {
            textAt = fields.indexOf('text');
            starsAt = fields.indexOf('stars');
            if (textAt < 0 || starsAt < 0) {
              throw new DatasetError(
                file,
                line,
                `the header has no ${textAt < 0 ? '`text`' : '`stars`'} column; columns present: ${listInputs(fields)}`,
              );
            }
            continue;
          }
          const record = makeRecord(fields[textAt], fields[starsAt], file, line, invalid);
          if (!record) continue;
          const stars = Number(record.label);
          if (!Number.isInteger(stars) || stars < 1 || stars > 5) {
            invalid.report(
              'badLabel',
              file,
              line,
              `stars is ${quoteInput(record.label)}; expected 1, 2, 3, 4 or 5`,
            );
            continue;
          }
          record.label = String(stars);
          yield record;
        }
      }
      if (textAt < 0)
        throw new DatasetError(file, 0, 'is empty; expected a header row with `stars` and `text`');
    },
    file,
  );
}
