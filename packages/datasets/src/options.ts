import { z } from 'zod';
export { OptionsError, parseOptions } from '@srnn/errors';

/** The shared `onInvalid` option: stop at the first invalid record, or skip and count. */
export const onInvalidSchema = z.enum(['error', 'skip']).default('error');

/** A column chosen by header name or by 0-based position. */
export const columnSchema = z.union([z.string().min(1), z.number().int().nonnegative()]);
