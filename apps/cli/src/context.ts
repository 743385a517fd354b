/** Something text can be written to (process.stdout, a test's collector). */
export interface TextOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Where a command reads and writes, so that `main` runs the same in a terminal and in tests. */
export interface CliContext {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Standard input, read line by line by `srnn predict`. */
  stdin: AsyncIterable<string | Uint8Array>;
  env: Record<string, string | undefined>;
  /** Stops training after the current step, with a checkpoint, once `aborted` is true. */
  signal?: { readonly aborted: boolean };
}

/** The process's own streams and environment. */
export function processContext(): CliContext {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
