import { Command, CommanderError } from 'commander';
import { benchCommand } from './commands/bench';
import { datasetsCommand } from './commands/datasets';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { processContext, type CliContext } from './context';
import { commandLineMessage, EXIT, UsageError } from './errors';

/** The version printed by `srnn --version`. */
export const VERSION = '0.1.0';

function buildProgram(context: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('srnn')
    .description(
      'Sliced recurrent neural networks (Yu and Liu, COLING 2018) for text classification',
    )
    .version(VERSION)
    .option('--verbose', 'print stack traces of errors (also SRNN_DEBUG=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      // Parse errors are reported by main, in one line.
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      `
Examples:
  srnn datasets
  srnn train --data reviews.csv --model srnn --spec "SRNN(8,2)" --out runs/srnn
  srnn evaluate --model runs/srnn --data test.csv
  srnn predict --model runs/srnn --text "The food was great"
  srnn export --web site --model runs/srnn
  srnn bench`,
    );
  for (const add of [
    trainCommand,
    evaluateCommand,
    predictCommand,
    datasetsCommand,
    benchCommand,
    exportCommand,
  ]) {
    add(program, context, setExit);
  }
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: () => undefined,
    });
  }
  return program;
}

/**
 * Runs the srnn command line on `argv` (the arguments after the program name) and returns the
 * exit code: 0 success, 1 failure, 2 bad flags, 130 training interrupted (rerun to resume).
 * Errors are one line on standard error; the stack follows with --verbose or SRNN_DEBUG=1.
 */
export async function main(
  argv: readonly string[],
  context: CliContext = processContext(),
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(context, (code) => (exitCode = code));
  const verbose = argv.includes('--verbose') || context.env['SRNN_DEBUG'] === '1';
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT.ok;
      }
      const command = program.commands.find((c) => argv.includes(c.name()))?.name();
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      context.stderr.write(`srnn: ${message} (see srnn ${command ? `${command} ` : ''}--help)\n`);
      return EXIT.usage;
    }
    // One line: multi-line messages (e.g. the files a data set needs) are joined.
    const message = commandLineMessage(error).replace(/\s*\n\s*/g, ' ');
    context.stderr.write(`srnn: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}
