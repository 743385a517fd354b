import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { parseOptions } from '@srnn/errors';
import type { CellDefinition, EncoderOptions } from './contract';

// Kept on globalThis under a shared symbol so that an ESM and a CJS copy of this package (or two
// installed copies) still see one registry: a cell registered through one is found through the other.
const REGISTRY_KEY = Symbol.for('@srnn/cells/registry');

type AnyCellDefinition = CellDefinition<EncoderOptions>;

function registry(): Map<string, AnyCellDefinition> {
  const holder = globalThis as unknown as Record<
    symbol,
    Map<string, AnyCellDefinition> | undefined
  >;
  let map = holder[REGISTRY_KEY];
  if (map === undefined) {
    map = new Map();
    holder[REGISTRY_KEY] = map;
  }
  return map;
}

const cellNamePattern = /^[a-z][a-z0-9-]*$/;

/**
 * Adds a cell to the registry so that models can name it. Registering the same definition object
 * again is a no-op (modules may be loaded twice); a different definition under a taken name throws.
 */
export function registerCell<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
): void {
  if (!cellNamePattern.test(definition.name)) {
    throw new Error(
      `registerCell: invalid cell name '${definition.name}'; use lower-case letters, digits and dashes, starting with a letter`,
    );
  }
  const cells = registry();
  const existing = cells.get(definition.name);
  if (existing !== undefined && existing !== (definition as unknown as AnyCellDefinition)) {
    if (existing.description === definition.description) return; // same cell from a second module copy
    throw new Error(
      `registerCell: a different cell named '${definition.name}' is already registered`,
    );
  }
  cells.set(definition.name, definition as unknown as AnyCellDefinition);
}

/** Names of the registered cells, sorted. */
export function listCells(): string[] {
  return [...registry().keys()].sort();
}

/** The registered cell called `name`; throws an error listing the registered cells otherwise. */
export function getCell(name: string): AnyCellDefinition {
  const definition = registry().get(name);
  if (definition === undefined) {
    const known = listCells();
    throw new Error(
      `Unknown cell '${name}'. Registered cells: ${known.length > 0 ? known.map((n) => `'${n}'`).join(', ') : '(none)'}. ` +
        `Import a cell package (e.g. '@srnn/cell-gru') to register its cell.`,
    );
  }
  return definition;
}

/**
 * Validates `options` against the cell's schema and makes its encoder. Throws an error naming the
 * cell, the bad field and the allowed values when the options are invalid.
 */
export function createEncoder(cellName: string, options: unknown): tf.layers.Layer {
  const definition = getCell(cellName);
  return definition.createEncoder(
    parseOptions(definition.optionsSchema, options, `options of cell '${cellName}'`),
  );
}

/** Schema of the fields every cell accepts; cells extend it (`encoderOptionsSchema.extend({...})`). */
export const encoderOptionsSchema = z.object({
  units: z.number().int().positive(),
  name: z.string().min(1).optional(),
  seed: z.number().int().optional(),
});
