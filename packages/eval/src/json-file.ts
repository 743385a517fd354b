import { readFile } from 'node:fs/promises';
import { FileError, parseOptions } from '@srnn/errors';
import type { z } from 'zod';

/** Reads a JSON file; invalid JSON is refused naming the file, with `what` to do about it. */
export async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FileError(path, 0, `not valid JSON (${(error as Error).message}); ${what}`);
  }
}

/** Validates a value read from `path`, naming the file and each bad field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
): z.output<S> {
  return parseOptions(schema, value, path);
}
