#!/usr/bin/env node
import { main } from './main';

// Exit with the command's code once stdout is flushed.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`srnn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
