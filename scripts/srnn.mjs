#!/usr/bin/env node
// `node scripts/srnn.mjs <command> ...`: the srnn command line from a clone, built first (cached).
// Unlike `pnpm srnn`, it returns the command's own exit code after Ctrl-C (130): pnpm 9 reports 0
// when it is interrupted itself, whatever its child returned.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from './run-app.mjs';

runApp(
  join(dirname(fileURLToPath(import.meta.url)), '..'),
  'cli',
  'cli.cjs',
  process.argv.slice(2),
);
