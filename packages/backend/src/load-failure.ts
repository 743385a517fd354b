/** A backend that could not be loaded, with a short reason fit for one line of a report. */
export class BackendLoadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BackendLoadError';
  }
}

function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Turns the error thrown by importing a backend package into a short reason. The two known
 * failures of tfjs-node(-gpu) get fixed phrases: the package is not installed, or it is installed
 * but its native addon (which its install script downloads) is missing.
 */
export function describeImportFailure(packageName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    // A missing dependency of an installed package also reports MODULE_NOT_FOUND.
    return message.includes(`'${packageName}'`)
      ? 'not installed'
      : `a dependency is missing (${firstLine(message)})`;
  }
  if (/native addon module.*can not be found/i.test(message)) {
    return 'installed, but its native addon (libtensorflow binding) is missing';
  }
  return `failed to load (${firstLine(message)})`;
}
