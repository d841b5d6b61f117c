/**
 * dtlint's command line: yargs is the single source of options and help; every command returns
 * its exit code and this module is the one place that turns failures into exit code 2.
 */
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { version } from '../version.js';
import { PROJECT_URL } from '../report/project.js';
import { checkOptions, runCheck, type CheckArgs } from './commands/check.js';
import { depsOptions, runDeps, type DepsArgs } from './commands/deps.js';
import { lintOptions, runLint, type LintArgs } from './commands/lint.js';
import { rulesOptions, runRules, type RulesArgs } from './commands/rules.js';
import { runTree, treeOptions, type TreeArgs } from './commands/tree.js';
import { toList, UsageError } from './io.js';
import { didYouMean } from '../dts/message-text.js';
import { expandDtcFlags } from './dtc-flags.js';
import { ruleIds } from '../run/index.js';
import { terminalColumns } from './stdout.js';
import { addTime, faultsSoFar, now, timingEnabled, timingReport } from '../lint/timing.js';
import { runContext, type RunContext, type RunSizeHook } from './run-context.js';

export interface MainHooks {
  /** Told how many DTS files the command compiles, before it compiles them. */
  onRunSize?: RunSizeHook;
  /** Memory the caller is done with, for the first large store entry read (src/dts/store/spare-buffer.ts). */
  spareBuffer?: Buffer;
  /** The bundle's build id (load-bundle.ts): boards' findings are kept between runs only with one. */
  buildId?: string;
}

export async function main(argv: string[], hooks: MainHooks = {}): Promise<number> {
  addTime('start node, load dtlint', now(), faultsSoFar());
  const code = await run(argv, hooks);
  if (timingEnabled()) process.stderr.write(timingReport());
  return code;
}

/** yargs 17 keeps the options of the command being parsed here (not in its type declarations). */
interface YargsOptions {
  getOptions(): { key: Record<string, unknown> };
}

/** yargs' "Unknown argument: max-warning" with the close option names: `; did you mean --max-warnings?`. */
function withSuggestions(msg: string, options: readonly string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!unknown) return msg;
  // yargs names each unknown option twice, as written and camel-cased: keep the one as written.
  const words = unknown[1]!.split(', ').filter((w, i, all) => !(/[A-Z]/.test(w) && all.some((o) => o !== w && camel(o) === w)));
  const kebab = options.filter((o) => !/[A-Z]/.test(o));
  const hints = words.map((word) => didYouMean(word.replace(/^-+/, ''), kebab, (o) => (o.length === 1 ? `-${o}` : `--${o}`)));
  const shown = words.length === 1 ? `Unknown argument: ${words[0]!}` : `Unknown arguments: ${words.join(', ')}`;
  return shown + hints.filter((h) => h !== '').join('');
}

function camel(option: string): string {
  return option.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

async function run(argv: string[], hooks: MainHooks): Promise<number> {
  let code = 0;
  let failure: string | undefined;
  let commandMs = 0;
  let commandFaults = 0;
  const command = (args: object, fn: (ctx: RunContext) => number): number => {
    const started = now();
    const faulted = faultsSoFar();
    try {
      return fn(runContext({ cache: (args as { cache?: boolean }).cache !== false, ...hooks }));
    } finally {
      commandMs += now() - started;
      commandFaults += faultsSoFar() - faulted;
    }
  };
  const dtc = expandDtcFlags(argv, new Set(ruleIds));
  for (const note of dtc.notes) process.stderr.write(`dtlint: ${note}\n`);
  const parser = (yargs(dtc.argv) as Argv)
    .scriptName('dtlint')
    .usage('$0 [lint] FILE...  |  $0 <command> ...\n\nDevicetree linter and passthrough checker: reads DTS as cpp + dtc do.')
    .option('include', { alias: 'I', type: 'string', default: [] as string[], coerce: toList, describe: 'Add an include directory (repeatable)' })
    .option('cache', {
      type: 'boolean',
      default: true,
      describe: "Keep lexed files, what the #include lines a board opens with give (preprocessed, parsed), and each linted board's findings with the files they came from, between runs in $XDG_CACHE_HOME/dtlint (--no-cache: read every file afresh)",
    })
    .command(['lint [files..]', '$0 [files..]'], 'Lint DTS files or DTBs (default command)', lintOptions, (a) => {
      code = command(a, (ctx) => runLint(a as unknown as LintArgs, ctx));
    })
    .command('check', 'Lint one host/guest passthrough pair', checkOptions, (a) => {
      code = command(a, (ctx) => runCheck(a as unknown as CheckArgs, ctx));
    })
    .command('rules', 'List every rule: id, default level, summary, docs page', rulesOptions, (a) => {
      code = command(a, () => runRules(a as unknown as RulesArgs));
    })
    .command('tree <file>', 'Print the merged tree exactly as dtc builds it', treeOptions, (a) => {
      code = command(a, (ctx) => runTree(a as unknown as TreeArgs, ctx));
    })
    .command('deps <file> <node>', 'What NODE depends on (or what depends on it), transitively, and why', depsOptions, (a) => {
      code = command(a, (ctx) => runDeps(a as unknown as DepsArgs, ctx));
    })
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .epilog(`Exit codes: 0 clean, 1 error-level findings (or too many warnings), 2 the run failed.\nDocs: ${PROJECT_URL} (rule pages: dtlint rules)`)
    .wrap(Math.min(100, terminalColumns() ?? 100))
    .fail((msg, err) => {
      // Throw: a fail handler that returns lets yargs run the command anyway (`dtlint check`
      // without --host went on to compile `undefined`).
      // yargs hands on what a coerce function threw, or its own YError for a bad value.
      if (err instanceof UsageError) throw err;
      if (err && err.name !== 'YError') throw err;
      if (err) throw new UsageError(err.message);
      throw new UsageError(withSuggestions(msg, Object.keys((parser as unknown as YargsOptions).getOptions().key)));
    });
  const parseStarted = now();
  const parseFaulted = faultsSoFar();
  try {
    await parser.parseAsync();
  } catch (e) {
    if (e instanceof UsageError) failure = e.message;
    else failure = `internal error: ${(e as Error).message} (please report it)`;
  }
  addTime('yargs', now() - parseStarted - commandMs, faultsSoFar() - parseFaulted - commandFaults);
  if (failure !== undefined) {
    process.stderr.write(`dtlint: ${failure}\n`);
    return 2;
  }
  return code;
}
