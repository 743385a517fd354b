import { OptionsError, parseOptions, renameFields } from '@srnn/errors';
import { z } from 'zod';
import { UsageError } from './errors';

/**
 * A zod schema for one flag's raw string value, whose error says what the flag takes (the flag
 * itself is named by {@link parseFlags}).
 */
function flag<T>(_name: string, expected: string, parse: (value: string) => T | undefined) {
  return z.string().transform((value, context) => {
    const parsed = parse(value);
    if (parsed === undefined) {
      context.addIssue({ code: 'custom', message: `must be ${expected}; got '${value}'` });
      return z.NEVER;
    }
    return parsed;
  });
}

/** An integer flag >= `min`. */
export const intFlag = (name: string, min: number) =>
  flag(name, `an integer >= ${min}`, (v) =>
    /^\s*[-+]?\d+\s*$/.test(v) && Number(v) >= min && Number.isSafeInteger(Number(v))
      ? Number(v)
      : undefined,
  );

/** A number flag > 0. */
export const positiveNumberFlag = (name: string) =>
  flag(name, 'a number > 0', (v) => {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
  });

/** A rate in [0, 1), e.g. a dropout rate. */
export const rateFlag = (name: string) =>
  flag(name, 'a number in [0, 1)', (v) => {
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) && n >= 0 && n < 1 ? n : undefined;
  });

/** A flag that takes one of `values`. */
export const enumFlag = <const T extends readonly string[]>(name: string, values: T) =>
  flag(name, `one of ${values.join(', ')}`, (v) =>
    (values as readonly string[]).includes(v) ? (v as T[number]) : undefined,
  );

/** A column chosen by name, or by 0-based position when the value is a number. */
export const columnFlag = (name: string) =>
  flag(name, 'a column name or a 0-based position', (v) =>
    v === '' ? undefined : /^\d+$/.test(v) ? Number(v) : v,
  );

/** A non-empty path. */
export const pathFlag = (name: string) =>
  flag(name, 'a path', (v) => (v.trim() === '' ? undefined : v));

/** Three fractions that add up to 1, e.g. 0.8,0.1,0.1. */
export const splitFlag = (name: string) =>
  flag(name, 'three fractions > 0 that add up to 1, e.g. 0.8,0.1,0.1', (v) => {
    const parts = v.split(',').map((p) => Number(p));
    if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p <= 0)) return undefined;
    if (Math.abs(parts[0]! + parts[1]! + parts[2]! - 1) > 1e-9) return undefined;
    return parts as [number, number, number];
  });

/** The flag commander reads into `key` (`maxLen` <- `--max-len`). */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Validates a command's raw flags (keyed as commander names them), throwing one
 * {@link UsageError} with every problem: `--flag: problem; --flag: problem`.
 */
export function parseFlags<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  try {
    return parseOptions(schema, raw, '');
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    const keys = error.problems.map((p) => /^[A-Za-z0-9]+/.exec(p.field)?.[0] ?? p.field);
    const named = renameFields(error, Object.fromEntries(keys.map((k) => [k, flagOf(k)])));
    throw new UsageError(
      named.message,
      named.problems[0] ? { field: named.problems[0].field } : {},
    );
  }
}

/** Backends the --backend flag accepts. */
export const BACKEND_CHOICES = ['auto', 'wasm', 'cpu', 'node', 'node-gpu'] as const;

/** Progress modes of --progress. */
export const PROGRESS_CHOICES = ['auto', 'bar', 'lines', 'none'] as const;

/** Formats of --format. */
export const FORMAT_CHOICES = ['auto', 'csv', 'tsv', 'jsonl'] as const;
