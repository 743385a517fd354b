import type { TokenIds } from './encode-plan';

/** The largest id a Uint16Array holds. */
export const UINT16_MAX_ID = 65_535;

/**
 * A zeroed matrix of `length` token ids in the narrowest type that holds ids up to `maxId`:
 * Uint16Array (2 bytes an id) up to 65,535, Int32Array otherwise; or always Int32Array for
 * `ids: 'int32'`.
 */
export function allocateIds(length: number, maxId: number, ids: 'int32' | 'compact'): TokenIds {
  return wideIds(maxId, ids) ? new Int32Array(length) : new Uint16Array(length);
}

/** Whether ids up to `maxId` are stored as Int32Array (else Uint16Array), by the rule above. */
export function wideIds(maxId: number, ids: 'int32' | 'compact'): boolean {
  return ids !== 'compact' || maxId > UINT16_MAX_ID;
}
