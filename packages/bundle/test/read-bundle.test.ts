import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BundleError,
  composeBundle,
  MANIFEST_FILE,
  memoryReader,
  readBundle,
  sha256Hex,
  validateBundle,
  type ComposedBundle,
} from '../src';
import { readBundleDirectory } from '../src/node';
import { inputFromLegacy, LEGACY, nodeSha256 } from './helpers';

/** A composed bundle's files plus its manifest, editable before reading. */
async function bundleFiles(): Promise<{
  composed: ComposedBundle;
  files: Record<string, Uint8Array>;
}> {
  const composed = await composeBundle(await inputFromLegacy('srnn-gru'), 'v-1-ab');
  return { composed, files: { ...composed.files, [MANIFEST_FILE]: composed.manifestBytes } };
}

/** Re-records a file's size and hash in the manifest, so content checks (not the hash) must catch it. */
async function rehash(files: Record<string, Uint8Array>, path: string): Promise<void> {
  const manifest = JSON.parse(new TextDecoder().decode(files[MANIFEST_FILE]));
  const entry = Object.values(
    manifest.files as Record<string, { path: string; size: number; sha256: string }>,
  ).find((e) => e.path === path)!;
  entry.size = files[path]!.byteLength;
  entry.sha256 = nodeSha256(files[path]!);
  files[MANIFEST_FILE] = new TextEncoder().encode(JSON.stringify(manifest));
}

const problem = async (files: Record<string, Uint8Array>) => {
  const result = await validateBundle(memoryReader(files, 'm'));
  if (result.ok) throw new Error('expected a problem');
  return result.error;
};
const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

test('sha256Hex (WebCrypto) agrees with node:crypto', async () => {
  for (const bytes of [
    new Uint8Array(0),
    new TextEncoder().encode('abc'),
    new Uint8Array(100000).fill(7),
  ])
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
});

test('a composed bundle reads back with every file hashed and the agreed facts', async () => {
  const { composed, files } = await bundleFiles();
  const contents = await readBundle(memoryReader(files));
  expect(contents.legacy).toBe(false);
  expect(contents.labels).toEqual(['neg', 'pos']);
  expect(contents.agree).toMatchObject({ vocabularySize: 40, maxLength: 16, textField: 'text' });
  for (const entry of Object.values(composed.manifest.files)) {
    expect(entry!.sha256).toBe(nodeSha256(files[entry!.path]!));
    expect(entry!.size).toBe(files[entry!.path]!.byteLength);
  }
  // model.json names the weights file next to it, nothing else.
  expect((contents.model['weightsManifest'] as { paths: string[] }[])[0]!.paths).toEqual([
    'weights.bin',
  ]);
});

describe('each damage is refused naming the file', () => {
  const cases: [string, (f: Record<string, Uint8Array>) => Promise<void> | void, RegExp, RegExp][] =
    [
      [
        'invalid manifest JSON',
        (f) => void (f[MANIFEST_FILE] = text('x').subarray(0, 2)),
        /bundle\.json/,
        /not valid JSON/,
      ],
      [
        'a future manifest version',
        (f) => {
          const m = JSON.parse(new TextDecoder().decode(f[MANIFEST_FILE]));
          f[MANIFEST_FILE] = text({ ...m, version: 2 });
        },
        /bundle\.json/,
        /^version: must be 1 .*\(got 2\)$/,
      ],
      [
        'an unknown manifest field (named first, with the valid ones)',
        (f) => {
          const m = JSON.parse(new TextDecoder().decode(f[MANIFEST_FILE]));
          f[MANIFEST_FILE] = text({ ...m, version: 2, extra: 1 });
        },
        /bundle\.json/,
        /^unknown field 'extra'; valid fields: format, version, /,
      ],
      [
        'a missing file',
        (f) => void delete f['v-1-ab/tokenizer.json'],
        /tokenizer\.json/,
        /missing/,
      ],
      [
        'a changed byte (hash)',
        (f) => {
          const w = f['v-1-ab/weights.bin']!.slice();
          w[10]! ^= 1;
          f['v-1-ab/weights.bin'] = w;
        },
        /weights\.bin/,
        /SHA-256/,
      ],
      [
        'truncated weights',
        async (f) => {
          f['v-1-ab/weights.bin'] = f['v-1-ab/weights.bin']!.slice(0, -4);
          await rehash(f, 'v-1-ab/weights.bin');
        },
        /weights\.bin/,
        /truncated/,
      ],
      [
        'padded weights',
        async (f) => {
          const w = new Uint8Array(f['v-1-ab/weights.bin']!.byteLength + 8);
          w.set(f['v-1-ab/weights.bin']!);
          f['v-1-ab/weights.bin'] = w;
          await rehash(f, 'v-1-ab/weights.bin');
        },
        /weights\.bin/,
        /padded/,
      ],
      [
        'a NaN weight',
        async (f) => {
          const w = f['v-1-ab/weights.bin']!.slice();
          new DataView(w.buffer).setFloat32(40, NaN, true);
          f['v-1-ab/weights.bin'] = w;
          await rehash(f, 'v-1-ab/weights.bin');
        },
        /weights\.bin/,
        /NaN/,
      ],
      [
        'an infinite weight',
        async (f) => {
          const w = f['v-1-ab/weights.bin']!.slice();
          new DataView(w.buffer).setFloat32(4, -Infinity, true);
          f['v-1-ab/weights.bin'] = w;
          await rehash(f, 'v-1-ab/weights.bin');
        },
        /weights\.bin/,
        /infinite/,
      ],
      [
        'labels in another order',
        async (f) => {
          f['v-1-ab/labels.json'] = text({ labels: ['pos', 'neg'] });
          await rehash(f, 'v-1-ab/labels.json');
        },
        /labels\.json/,
        /order matters/,
      ],
      [
        'another label count',
        async (f) => {
          f['v-1-ab/labels.json'] = text({ labels: ['a', 'neg', 'pos'] });
          await rehash(f, 'v-1-ab/labels.json');
        },
        /labels\.json/,
        /3 labels/,
      ],
      [
        "another model's tokenizer",
        async (f) => {
          const t = JSON.parse(new TextDecoder().decode(f['v-1-ab/tokenizer.json']));
          t.config.numWords = 12;
          f['v-1-ab/tokenizer.json'] = text(t);
          await rehash(f, 'v-1-ab/tokenizer.json');
        },
        /tokenizer\.json/,
        /another model/,
      ],
      [
        'invalid JSON in config.json',
        async (f) => {
          f['v-1-ab/config.json'] = new TextEncoder().encode('{"format":');
          await rehash(f, 'v-1-ab/config.json');
        },
        /config\.json/,
        /not valid JSON/,
      ],
      [
        'a weights path that leaves the folder',
        async (f) => {
          const m = JSON.parse(new TextDecoder().decode(f['v-1-ab/model.json']));
          m.weightsManifest[0].paths = ['../../etc/passwd'];
          f['v-1-ab/model.json'] = text(m);
          await rehash(f, 'v-1-ab/model.json');
        },
        /model\.json/,
        /etc\/passwd/,
      ],
      [
        'a manifest path that leaves the bundle',
        (f) => {
          const m = JSON.parse(new TextDecoder().decode(f[MANIFEST_FILE]));
          m.files.labels.path = '../labels.json';
          f[MANIFEST_FILE] = text(m);
        },
        /bundle\.json/,
        /inside the bundle/,
      ],
      [
        'an absurd recorded size',
        (f) => {
          f['v-1-ab/report.json'] = new Uint8Array(0);
          const m = JSON.parse(new TextDecoder().decode(f[MANIFEST_FILE]));
          m.files.report = {
            path: 'v-1-ab/report.json',
            size: 0,
            sha256: nodeSha256(new Uint8Array(0)),
          };
          f[MANIFEST_FILE] = text(m);
        },
        /report\.json/,
        /empty/,
      ],
    ];
  test.each(cases)('%s', async (_name, damage, file, what) => {
    const { files } = await bundleFiles();
    await damage(files);
    const error = await problem(files);
    expect(error).toBeInstanceOf(BundleError);
    expect(error.file).toMatch(file);
    expect(error.problem).toMatch(what);
  });
});

test('sizes are checked before reading: an oversize file is never read', async () => {
  const { files } = await bundleFiles();
  const reader = memoryReader(files);
  const reads: string[] = [];
  const error = await readBundle(
    { ...reader, read: (p, max) => (reads.push(p), reader.read(p, max)) },
    { limits: { weights: 100 } },
  ).catch((e: BundleError) => e);
  expect((error as BundleError).problem).toMatch(/more than the 100-byte limit/);
  expect(reads.some((p) => p.endsWith('weights.bin'))).toBe(false);
});

test('composeBundle refuses parts that disagree before anything is written', async () => {
  const input = await inputFromLegacy('srnn-gru');
  await expect(composeBundle({ ...input, labels: ['a', 'b', 'c'] }, 'v-1-ab')).rejects.toThrow(
    /model\.json.*3 labels/,
  );
});

test.each(['srnn-gru', 'srnn-lstm'])(
  'the first-release directory %s reads with a one-line notice',
  async (name) => {
    const contents = await readBundleDirectory(join(LEGACY, name));
    expect(contents.legacy).toBe(true);
    expect(contents.notices).toHaveLength(1);
    expect(contents.notices[0]).toMatch(/earlier version/);
    expect(contents.labels).toEqual(['neg', 'pos']);
    expect(contents.cells.map((c) => c.name)).toEqual([name.slice(5)]);
    expect(contents.weights.byteLength).toBe(
      (await readFile(join(LEGACY, name, 'weights.bin'))).byteLength,
    );
  },
);
