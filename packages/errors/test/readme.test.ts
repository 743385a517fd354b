import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OptionsError, parseOptions, renameFields } from '@srnn/errors';

it("runs the README's example and prints what its comments say", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const printed: string[] = [];
  const schema = z.strictObject({
    batchSize: z.number().int().min(1, { error: 'must be an integer >= 1' }),
  });
  try {
    parseOptions(schema, { batchSize: 0 }, 'train');
  } catch (error) {
    if (error instanceof OptionsError) {
      printed.push(error.message);
      printed.push(renameFields(error, { batchSize: '--batch-size' }, 'srnn train').message);
    }
  }
  expect(printed).toEqual([
    'train: batchSize: must be an integer >= 1',
    'srnn train: --batch-size: must be an integer >= 1',
  ]);
  for (const line of printed) expect(readme).toContain(`// ${line}`);
});
