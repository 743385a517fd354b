import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGloveVectors } from '../src/glove';
import { EmbeddingsError } from '../src/errors';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'srnn-glove-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<EmbeddingsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmbeddingsError);
  return error as EmbeddingsError;
}

describe('limits on vector files', () => {
  it('refuses a line longer than maxLineChars without echoing it', async () => {
    const long = `big ${Array.from({ length: 400 }, () => '0.5').join(' ')}`;
    const file = write('long.txt', `cat 1 2 3\n${long}\ndog 4 5 6\n`);
    const error = await failure(readGloveVectors(file, ['cat'], { maxLineChars: 100 }));
    expect(error.message).toBe(
      `${file}, line 2: the line is longer than 100 characters (maxLineChars); a vectors file has one word and its numbers a line`,
    );
  });

  it('refuses a file without line ends once the first line passes the limit', async () => {
    const file = write('no-newline.txt', 'x'.repeat(5000));
    const error = await failure(readGloveVectors(file, ['cat'], { maxLineChars: 1000 }));
    expect(error.line).toBe(1);
    expect(error.message).toContain('longer than 1000 characters');
    expect(error.message.length).toBeLessThan(300);
  });

  it('refuses a dimension beyond maxDim, from the first line or from a count header', async () => {
    const wide = write('wide.txt', `cat ${Array.from({ length: 20 }, () => '1').join(' ')}\n`);
    const fromLine = await failure(readGloveVectors(wide, ['cat'], { maxDim: 16 }));
    expect(fromLine.message).toBe(
      `${wide}, line 1: has 20 values after the word; the limit is 16 dimensions (maxDim)`,
    );
    const header = write('header.txt', '400000 100000\ncat 1 2\n');
    const fromHeader = await failure(readGloveVectors(header, ['cat']));
    expect(fromHeader.message).toBe(
      `${header}, line 1: the header says 100000 dimensions; the limit is 4096 (maxDim)`,
    );
  });

  it('cuts a long word quoted in a message', async () => {
    const word = 'w'.repeat(3000);
    const file = write('bad-value.txt', `${word} 1 x 3\n`);
    const error = await failure(readGloveVectors(file, [word]));
    expect(error.message).toContain('(3000 characters)');
    expect(error.message.length).toBeLessThan(file.length + 250);
  });
});
