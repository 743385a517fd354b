import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeZodError } from './zod-errors';

/** Reads a JSON file; invalid JSON is refused naming the file, with `what` to do about it. */
export async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); ${what}`);
  }
}

/** Validates a value read from `path`, naming the file and each bad field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(describeZodError(path, parsed.error));
  return parsed.data;
}
