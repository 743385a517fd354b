import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@srnn/random';
import { readUtf8Chunks } from '../src/utf8-chunks';

// Pieces that stress the reader: multi-byte characters (2, 3 and 4 bytes) that chunk ends cut,
// CRLF pairs that chunk ends split, lone CRs, and U+FEFF inside the text.
const PIECES = ['a', 'b c', '\n', '\r\n', '\r', 'é', '€', '😀', 'ß\r\n', '\uFEFF', ','];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-utf8-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function randomText(random: () => number): string {
  const n = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/** What the reader must deliver, computed directly: BOM dropped, CRLF read as LF. */
const expectedText = (text: string): string => text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');

async function readAll(
  bytes: Buffer,
  chunkBytes: number,
  strictUtf8: boolean,
): Promise<{ text: string; badLines: number[] }> {
  const file = join(dir, 'input.txt');
  writeFileSync(file, bytes);
  const badLines = new Set<number>();
  const parts: (Buffer | string)[] = [];
  for await (const part of readUtf8Chunks(file, { strictUtf8, badLines }, chunkBytes))
    parts.push(part);
  // Decode each part alone: a part must never end inside a character.
  const text = parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
  return { text, badLines: [...badLines].sort((a, b) => a - b) };
}

describe('readUtf8Chunks', () => {
  it('delivers valid UTF-8 whole for any chunk size: BOM dropped, CRLF as LF', async () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 150; trial++) {
      const text = (random() < 0.3 ? '\uFEFF' : '') + randomText(random);
      const chunkBytes = 1 + Math.floor(random() * 8);
      const result = await readAll(Buffer.from(text), chunkBytes, true);
      expect(result).toEqual({ text: expectedText(text), badLines: [] });
    }
  });

  it('names the line of the first invalid byte, whatever the chunk size', async () => {
    const random = mulberry32(8);
    for (let trial = 0; trial < 60; trial++) {
      const before = randomText(random);
      const bytes = Buffer.concat([Buffer.from(before), Buffer.of(0xff), Buffer.from('x\n')]);
      const line = 1 + (expectedText(before).match(/\n/g)?.length ?? 0);
      await expect(readAll(bytes, 1 + Math.floor(random() * 8), true)).rejects.toThrow(
        `line ${line}: is not valid UTF-8`,
      );
    }
  });

  it('when lenient, replaces invalid bytes and records their lines', async () => {
    const random = mulberry32(9);
    for (let trial = 0; trial < 60; trial++) {
      const before = randomText(random);
      const after = randomText(random);
      const bytes = Buffer.concat([Buffer.from(before), Buffer.of(0xc3), Buffer.from(after)]);
      const line = 1 + (expectedText(before).match(/\n/g)?.length ?? 0);
      // 0xC3 opens a 2-byte character: the next byte completes it only if it is a continuation.
      const reference = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const result = await readAll(bytes, 1 + Math.floor(random() * 8), false);
      expect(result.text).toBe(expectedText(reference));
      const replacedLines = expectedText(reference)
        .split('\n')
        .flatMap((text, i) => (text.includes('\uFFFD') ? [i + 1] : []));
      expect(replacedLines).toContain(line);
      expect(result.badLines).toEqual(replacedLines);
    }
  });

  it('reports a file that ends inside a character', async () => {
    const bytes = Buffer.from('ok\n€').subarray(0, 5);
    await expect(readAll(bytes, 2, true)).rejects.toThrow(
      'line 2: ends inside a UTF-8 character (not valid UTF-8)',
    );
    expect(await readAll(bytes, 2, false)).toEqual({ text: 'ok\n\uFFFD', badLines: [2] });
  });
});
