/**
 * NumPy's .npy format (version 1.0) for int32 arrays: how `pnpm bench` hands its id batches to the
 * PyTorch peer, which reads them with numpy.load, so both time the same batches.
 */
import { writeFile } from 'node:fs/promises';

/** The file's bytes: magic, version, header length, header padded to 64 bytes, then the data. */
export function npyBytes(data: Int32Array, shape: readonly number[]): Buffer {
  if (shape.reduce((a, b) => a * b, 1) !== data.length)
    throw new Error(`npy: shape [${shape.join(', ')}] does not hold ${data.length} values`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<i4', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic (6) + version (2) + length (2) + header + '\n', a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header = `${header}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // .npy data is little-endian ('<i4'), as every machine Node runs on stores Int32Array.
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

export async function writeNpy(path: string, data: Int32Array, shape: readonly number[]) {
  await writeFile(path, npyBytes(data, shape));
}
