import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { naturalTextBatch, NATURAL_TEXT, profileBatch } from '../src/experiments/natural-text';
import { npyBytes, writeNpy } from '../src/experiments/npy';

describe('natural-text batches', () => {
  it('take their lengths and vocabulary from the paper table 1 row they name', () => {
    expect(NATURAL_TEXT).toMatchObject({
      dataset: 'Yelp 2013',
      meanWords: 129.2,
      maxWords: 1060,
      corpusVocabulary: 202058,
    });
  });

  it('are padded and truncated at the front, with ids inside the vocabulary, the same every time', () => {
    const batch = naturalTextBatch(50, 64, 300, 5);
    expect(batch).toEqual(naturalTextBatch(50, 64, 300, 5));
    for (let row = 0; row < 50; row += 1) {
      const ids = batch.x.subarray(row * 64, row * 64 + 64);
      const first = ids.findIndex((id) => id !== 0);
      // Padding only before the first token; every token in [1, 300).
      for (const id of ids.subarray(first)) expect(id >= 1 && id < 300).toBe(true);
      expect(ids.subarray(0, Math.max(first, 0)).every((id) => id === 0)).toBe(true);
    }
    for (const label of batch.y) expect(label >= 0 && label < 5).toBe(true);
    // Reviews of about 110 kept words at T = 64: most rows are cut to T.
    expect(profileBatch(batch).realShare).toBeGreaterThan(0.6);
  });

  it('draw lengths with the table mean and ranks by Zipf, dropping those past the vocabulary', () => {
    // With the whole corpus vocabulary kept and T above the longest document, tokens per row
    // are the drawn lengths: their mean is the table's 129.2 (standard error about 2 here).
    const rows = 4000;
    const all = naturalTextBatch(rows, 1100, NATURAL_TEXT.corpusVocabulary + 1, 2);
    expect(profileBatch(all).meanTokens).toBeGreaterThan(129.2 * 0.95);
    expect(profileBatch(all).meanTokens).toBeLessThan(129.2 * 1.05);
    const counts = new Map<number, number>();
    for (const id of all.x) if (id !== 0) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Zipf with exponent 1: rank 1 twice as frequent as rank 2, three times rank 3.
    expect(counts.get(1)! / counts.get(2)!).toBeCloseTo(2, 1);
    expect(counts.get(1)! / counts.get(3)!).toBeCloseTo(3, 0);
    // A 30,000-word vocabulary keeps ranks 1..29,999: H(29,999) / H(202,058) of the words.
    const harmonic = (n: number) => {
      let h = 0;
      for (let k = 1; k <= n; k += 1) h += 1 / k;
      return h;
    };
    const kept = naturalTextBatch(rows, 1100, 30000, 2);
    const ratio = profileBatch(kept).meanTokens / profileBatch(all).meanTokens;
    expect(ratio).toBeCloseTo(harmonic(29999) / harmonic(202058), 2);
  });

  it('repeat their words far more than uniform ids do', () => {
    const natural = profileBatch(naturalTextBatch(32, 512, 30000, 5));
    // Uniform ids at batch 32, T = 512 over 29,999 ids: the expected distinct share is
    // 29,999 x (1 - (1 - 1/29,999)^16,384) / 16,384, about 0.77.
    const expectedUniform = (29999 * (1 - (1 - 1 / 29999) ** 16384)) / 16384;
    expect(expectedUniform).toBeCloseTo(0.77, 2);
    expect(natural.distinctShare).toBeLessThan(expectedUniform - 0.2);
    expect(natural.realShare).toBeLessThan(0.35);
  });
});

describe('.npy files for the peer', () => {
  it('write the version 1.0 header with a 64-byte aligned length, then little-endian int32', () => {
    const bytes = npyBytes(Int32Array.from([1, -2, 3, 4, 5, 6]), [2, 3]);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]));
    const headerLength = bytes.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
    expect(header.trimEnd()).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    expect(bytes.readInt32LE(10 + headerLength + 4)).toBe(-2);
    expect(npyBytes(Int32Array.from([7]), [1]).toString('latin1')).toContain("'shape': (1,)");
    expect(() => npyBytes(Int32Array.from([1, 2]), [3])).toThrow('does not hold 2 values');
  });

  const python = '/usr/bin/python3';
  const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  (hasNumpy ? it : it.skip)('are read back by numpy.load as written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srnn-npy-'));
    try {
      const file = join(dir, 'ids.npy');
      await writeNpy(file, Int32Array.from([0, 0, 5, 29999, -1, 7]), [2, 3]);
      const run = spawnSync(
        python,
        ['-c', `import numpy; a = numpy.load('${file}'); print(a.dtype, a.shape, a.tolist())`],
        { encoding: 'utf8' },
      );
      expect(run.stdout.trim()).toBe('int32 (2, 3) [[0, 0, 5], [29999, -1, 7]]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
