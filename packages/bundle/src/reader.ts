/**
 * Reads a bundle's files wherever they are (a directory in Node, fetched URLs or an upload in a
 * browser, memory in tests). Paths are the bundle's own ('v-xyz/model.json'); the reader confines
 * them to the bundle and never reads more than asked.
 */
export interface BundleReader {
  /** The size in bytes of a regular file, or undefined when there is no such file. */
  size(path: string): Promise<number | undefined>;
  /** The file's bytes; rejects when it holds more than `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array>;
  /** How messages name a file (e.g. its full path); default: the path itself. */
  describe?(path: string): string;
}

/** A reader over files held in memory (a browser upload, a test). */
export function memoryReader(files: Record<string, Uint8Array | string>, name = ''): BundleReader {
  const bytes = (path: string): Uint8Array | undefined => {
    if (!Object.prototype.hasOwnProperty.call(files, path)) return undefined;
    const value = files[path]!;
    return typeof value === 'string' ? new TextEncoder().encode(value) : value;
  };
  return {
    size: async (path) => bytes(path)?.byteLength,
    read: async (path, maxBytes) => {
      const found = bytes(path);
      if (found === undefined) throw new Error(`${path} not found`);
      if (found.byteLength > maxBytes)
        throw new Error(`${path} holds ${found.byteLength} bytes, more than ${maxBytes}`);
      return found;
    },
    describe: (path) => (name ? `${name}/${path}` : path),
  };
}
