import { z } from 'zod';
import { parseOptions } from '@srnn/errors';
import type { CellDefinition, EncoderOptions, SequenceEncoderLayer } from './contract';
import { sharedRegistry } from './shared-registry';

type AnyCellDefinition = CellDefinition<EncoderOptions>;

const registry = (): Map<string, AnyCellDefinition> =>
  sharedRegistry<AnyCellDefinition>('@srnn/cells/registry');

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

/** One registered cell as tools list it. */
export interface CellListing {
  name: string;
  description: string;
  /** The package that registers it, when the cell says. */
  packageName?: string;
}

/** The registered cells with their descriptions and packages, sorted by name (for `--help`). */
export function describeCells(): CellListing[] {
  return listCells().map((name) => {
    const { description, packageName } = registry().get(name)!;
    return packageName === undefined ? { name, description } : { name, description, packageName };
  });
}

const quotedList = (names: readonly string[]): string =>
  names.length > 0 ? names.map((n) => `'${n}'`).join(', ') : '(none)';

/** The registered cell called `name`; throws an error listing the registered cells otherwise. */
export function getCell(name: string): AnyCellDefinition {
  const definition = registry().get(name);
  if (definition === undefined) {
    throw new Error(
      `Unknown cell '${name}'. Registered cells: ${quotedList(listCells())}. ` +
        `Import a cell package (e.g. '@srnn/cell-gru') to register its cell.`,
    );
  }
  return definition;
}

/**
 * Reads a command-line cell choice: one registered name (`'gru'`) or one per level, comma
 * separated (`'gru,lstm,gru'`). Throws naming the unknown entry and the registered cells.
 */
export function parseCellList(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  names.forEach((name, index) => {
    if (!registry().has(name)) {
      const where = names.length > 1 ? ` (entry ${index + 1} of '${value}')` : '';
      throw new Error(
        `Unknown cell '${name}'${where}. Registered cells: ${quotedList(listCells())}; ` +
          'give one name or one per level, comma separated, e.g. gru,lstm,gru',
      );
    }
  });
  return names;
}

/**
 * Validates `options` against the cell's schema and makes its encoder. Throws an error naming the
 * cell, the bad field and the allowed values when the options are invalid.
 */
export function createEncoder(cellName: string, options: unknown): SequenceEncoderLayer {
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
