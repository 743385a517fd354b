// Runs the README's usage example, with a first-release fixture as the directory.
import { join } from 'node:path';
import { memoryReader, readBundle, validateBundle } from '../src';
import { readBundleDirectory } from '../src/node';
import { LEGACY } from './helpers';

test('the README example runs', async () => {
  const bundle = await readBundleDirectory(join(LEGACY, 'srnn-gru'));
  expect(bundle.labels).toEqual(['neg', 'pos']);
  expect(bundle.agree.maxLength).toBe(16);
  expect(bundle.notices).toHaveLength(1);

  const files: Record<string, Uint8Array> = { 'bundle.json': new TextEncoder().encode('{}') };
  const result = await validateBundle(memoryReader(files));
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.file).toBe('bundle.json');
    expect(result.error.problem).toMatch(/format/);
  }
  await expect(readBundle(memoryReader(files))).rejects.toThrow(/^bundle\.json: format/);
});
