/**
 * dtlint's command line: yargs is the single source of options and help; every command returns
 * its exit code and this module is the one place that turns failures into exit code 2.
 */
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { version } from '../version.js';
import { depsOptions, runDeps, type DepsArgs } from './commands/deps.js';
import { runTree, treeOptions, type TreeArgs } from './commands/tree.js';
import { UsageError } from './io.js';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  let failure: string | undefined;
  const parser = (yargs(argv) as Argv)
    .scriptName('dtlint')
    .usage('$0 [lint] FILE...  |  $0 <command> ...\n\nDevicetree linter and passthrough checker: reads DTS as cpp + dtc do.')
    .option('include', { alias: 'I', type: 'array', string: true, default: [] as string[], describe: 'Add an include directory (repeatable)' })
    .option('no-color', { type: 'boolean', describe: 'Disable colour' })
    .command('tree <file>', 'Print the merged tree exactly as dtc builds it', treeOptions, (a) => {
      code = runTree(a as unknown as TreeArgs);
    })
    .command('deps <file> <node>', 'What NODE depends on (or what depends on it), transitively, and why', depsOptions, (a) => {
      code = runDeps(a as unknown as DepsArgs);
    })
    .demandCommand(1, 'Give a command or files to lint (see --help)')
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      failure = err instanceof UsageError || !err ? (msg ?? err?.message) : undefined;
      if (err && !(err instanceof UsageError)) throw err;
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) failure = e.message;
    else failure = `internal error: ${(e as Error).message} (please report it)`;
  }
  if (failure !== undefined) {
    process.stderr.write(`dtlint: ${failure}\n`);
    return 2;
  }
  return code;
}
