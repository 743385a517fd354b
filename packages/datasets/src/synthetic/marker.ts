import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { FileError, fieldProblems } from '@srnn/errors';
import { z } from 'zod';
import { SYNTHETIC_MARKER } from './names';

/** What a synthetic data set's marker says about the files beside it. */
export interface SyntheticMarker {
  /** The marker's path. */
  file: string;
  dataset: string;
  format: string;
  documents: number;
  seed: number;
  /** The data files the generator writes, relative to the directory. */
  files: string[];
  /** Every listed file is there (the generator renames each into place when it is complete). */
  complete: boolean;
}

/** Whether `path` is a regular file (a folder of that name is not one the generator wrote). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A marker is a page of text; anything larger is not one the generator wrote. */
const MAX_MARKER_BYTES = 1 << 20;

const parametersSchema = z.looseObject({
  generator: z.literal('generateSyntheticDataset'),
  dataset: z.string().min(1),
  format: z.string().min(1),
  documents: z.number().int().positive(),
  seed: z.number().int(),
});

/**
 * Reads the marker `generateSyntheticDataset` writes (SYNTHETIC-DATA.md) in `dir`, so that a
 * caller can reuse generated files instead of writing them again: undefined when there is none.
 * A marker that is not the generator's (no parameters block, a field missing, a file name that
 * leaves the directory) is a FileError naming the marker and what is wrong.
 */
export async function readSyntheticMarker(dir: string): Promise<SyntheticMarker | undefined> {
  const file = join(dir, SYNTHETIC_MARKER);
  if (!existsSync(file)) return undefined;
  const { size } = await stat(file);
  if (size > MAX_MARKER_BYTES) {
    throw new FileError(file, 0, `${size} bytes; a synthetic data set's marker is a short page`);
  }
  const text = await readFile(file, 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(text);
  if (!block) throw new FileError(file, 0, 'no ```json parameters block, as the generator writes');
  const line = text.slice(0, block.index).split('\n').length + 1;
  let json: unknown;
  try {
    json = JSON.parse(block[1]!);
  } catch (error) {
    throw new FileError(file, line, `the parameters are not JSON (${(error as Error).message})`);
  }
  const parsed = parametersSchema.safeParse(json);
  if (!parsed.success) {
    const problem = fieldProblems(parsed.error, { root: 'parameters' })[0]!;
    throw new FileError(
      file,
      line,
      `${problem.field}: ${problem.message} (the generator writes dataset, format, documents and seed)`,
    );
  }
  const listed = /\nFiles:\n((?:- .*\n)*)/.exec(text);
  const firstFileLine =
    listed === null ? 0 : text.slice(0, listed.index + 1).split('\n').length + 1;
  const entries = (listed?.[1] ?? '').split('\n').slice(0, -1);
  const files = entries.map((entry, i) => {
    const name = entry.slice(2);
    // Trailing separators dropped: './' and 'a/../' name the directory itself.
    const clean = normalize(name).replace(/[\\/]+$/, '');
    if (name.trim() === '' || clean === '.' || clean === '') {
      throw new FileError(
        file,
        firstFileLine + i,
        `a file entry without a file name; the generator lists each data file as "- name"`,
      );
    }
    if (isAbsolute(name) || clean === '..' || clean.startsWith(`..${sep}`)) {
      throw new FileError(
        file,
        firstFileLine + i,
        `the file ${JSON.stringify(name)} is outside the directory`,
      );
    }
    return name;
  });
  const { dataset, format, documents, seed } = parsed.data;
  return {
    file,
    dataset,
    format,
    documents,
    seed,
    files,
    complete: files.length > 0 && files.every((name) => isFile(join(dir, name))),
  };
}
