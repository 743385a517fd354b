import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDelimitedBatches, type Delimiter } from '../src/csv-rows';
import { mulberry32 } from '@srnn/random';
import { InvalidRecords, type InvalidPolicy, type SkipCounts } from '../src/skips';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-csv-rows-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readRows(
  content: string,
  options: { delimiter?: Delimiter; policy?: InvalidPolicy; chunkBytes?: number } = {},
): Promise<{ rows: [string[], number][]; skipped: SkipCounts }> {
  const file = join(dir, 'input.csv');
  writeFileSync(file, content);
  const invalid = new InvalidRecords(options.policy ?? 'error');
  const rows: [string[], number][] = [];
  for await (const batch of readDelimitedBatches(file, options.delimiter ?? ',', invalid, {
    chunkBytes: options.chunkBytes,
  }))
    for (const row of batch) rows.push([row.fields, row.line]);
  return { rows, skipped: invalid.snapshot() };
}

// Field pieces that need quoting (delimiters, quotes, LF, CRLF, lone CR) or not, multi-byte ones
// included so that chunk ends cut characters.
const PIECES = ['a', 'bc', ' ', ',', '\t', '"', '\n', '\r\n', '\r', 'é', '€', '😀', ''];

/** A field as RFC 4180 writes it: quoted (inner quotes doubled) when it must be, or at random. */
function writeField(field: string, delimiter: Delimiter, random: () => number): string {
  const must = /["\r\n]/.test(field) || field.includes(delimiter);
  return must || random() < 0.2 ? `"${field.replace(/"/g, '""')}"` : field;
}

describe('readDelimitedBatches', () => {
  it('reads back written rows, fields and starting lines, for any chunk size', async () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 120; trial++) {
      const delimiter: Delimiter = random() < 0.5 ? ',' : '\t';
      const newline = random() < 0.5 ? '\n' : '\r\n';
      let content = '';
      const expected: [string[], number][] = [];
      const rowCount = Math.floor(random() * 8);
      for (let r = 0; r < rowCount; r++) {
        // Empty lines are skipped, but counted for the lines of the rows after them.
        while (random() < 0.2) content += newline;
        const fields = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          let field = '';
          for (let p = Math.floor(random() * 4); p > 0; p--)
            field += PIECES[Math.floor(random() * PIECES.length)];
          return field;
        });
        let text = fields.map((field) => writeField(field, delimiter, random)).join(delimiter);
        // A row of one empty field would be an empty line: write it quoted.
        if (text === '') text = '""';
        // The line a row starts on, counted in the text as read (CRLF read as LF).
        const line = 1 + (content.replace(/\r\n/g, '\n').match(/\n/g)?.length ?? 0);
        expected.push([fields.map((field) => field.replace(/\r\n/g, '\n')), line]);
        content += text + (r < rowCount - 1 || random() < 0.5 ? newline : '');
      }
      const chunkBytes = 1 + Math.floor(random() * 16);
      const { rows } = await readRows(content, { delimiter, chunkBytes });
      expect({ content, rows }).toEqual({ content, rows: expected });
    }
  });

  it('skips a malformed row and keeps its place, when the bad field ends at a delimiter', async () => {
    const content = 'text,label\n"bad" tail,"two\nlines"\nok,b\n"fine ""quoted""",c\n';
    for (const chunkBytes of [undefined, 1, 3, 7]) {
      const { rows, skipped } = await readRows(content, { policy: 'skip', chunkBytes });
      expect(rows).toEqual([
        [['text', 'label'], 1],
        [['ok', 'b'], 4],
        [['fine "quoted"', 'c'], 5],
      ]);
      expect(skipped).toEqual({ malformedRow: 1 });
    }
  });

  it('skips a malformed row whose bad quote no other quote follows, keeping the rows after it', async () => {
    // No quote follows the bad one: the row is known to be malformed at once.
    const tail = Array.from({ length: 50 }, (_, i) => `row ${i},x\n`).join('');
    const { rows, skipped } = await readRows(`"bad" row,a\n${tail}`, {
      policy: 'skip',
      chunkBytes: 16,
    });
    expect(skipped).toEqual({ malformedRow: 1 });
    expect(rows).toEqual(Array.from({ length: 50 }, (_, i) => [[`row ${i}`, 'x'], i + 2]));
  });

  it('passes on the rows before an invalid one, then throws naming its line', async () => {
    const file = join(dir, 'late-error.csv');
    writeFileSync(file, 'a,1\nb,2\nsay "hi",3\nc,4\n');
    const seen: string[] = [];
    const reading = (async () => {
      for await (const batch of readDelimitedBatches(file, ',', new InvalidRecords('error')))
        for (const row of batch) seen.push(row.fields[0] as string);
    })();
    await expect(reading).rejects.toThrow(`${file}, line 3: malformed quoting`);
    expect(seen).toEqual(['a', 'b']);
  });

  it('skips only the record of an unterminated quote, whatever the chunk size', async () => {
    for (const chunkBytes of [undefined, 1, 5]) {
      const { rows, skipped } = await readRows('x,1\n"open,2\ny,3\nz,4\n', {
        policy: 'skip',
        chunkBytes,
      });
      expect(rows).toEqual([
        [['x', '1'], 1],
        [['y', '3'], 3],
        [['z', '4'], 4],
      ]);
      expect(skipped).toEqual({ unterminatedQuote: 1 });
    }
  });
  it("resynchronises after an unterminated quote that a later record's quote seems to close", async () => {
    // Read strictly, the field of line 2 would run to the quote opening line 3 and the rows in
    // between would be one malformed record; the quote never closed on its line, so only line 2
    // is lost and line 3 is read as a record of its own.
    for (const chunkBytes of [undefined, 1, 5]) {
      const { rows, skipped } = await readRows('x,1\n"open,2\n"y, quoted",3\nz,4\n', {
        policy: 'skip',
        chunkBytes,
      });
      expect(rows).toEqual([
        [['x', '1'], 1],
        [['y, quoted', '3'], 3],
        [['z', '4'], 4],
      ]);
      expect(skipped).toEqual({ unterminatedQuote: 1 });
    }
    const file = join(dir, 'reopened.csv');
    writeFileSync(file, 'x,1\n"open,2\n"y",3\n');
    const reading = (async () => {
      for await (const _ of readDelimitedBatches(file, ',', new InvalidRecords('error'))) void _;
    })();
    await expect(reading).rejects.toThrow(
      `${file}, line 2: a quoted field opens here and is never closed`,
    );
  });

  it('keeps a quoted field that spans lines and closes properly', async () => {
    const { rows, skipped } = await readRows('x,1\n"two\nlines",2\nz,3\n', { policy: 'skip' });
    expect(rows).toEqual([
      [['x', '1'], 1],
      [['two\nlines', '2'], 2],
      [['z', '3'], 4],
    ]);
    expect(skipped).toEqual({});
  });
});
