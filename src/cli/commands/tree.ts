import type { Argv } from 'yargs';
import { compileDts } from '../../dts/compile.js';
import { writeDtb } from '../../dts/dtb.js';
import { treeToJson } from '../../dts/json.js';
import { printDts } from '../../dts/print.js';
import { formatDiagnosticLine } from '../diagnostics.js';
import { emit, UsageError } from '../io.js';
import type { RunContext } from '../run-context.js';
import { loadRunConfig } from '../command-output.js';
import { includeDirsOf } from '../../lint/index.js';

export interface TreeArgs {
  file: string;
  format: 'dts' | 'dtb' | 'json';
  output?: string | false;
  include: string[];
  symbols: boolean;
}

export function treeOptions(y: Argv): Argv<TreeArgs> {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'DTS file to build, or a DTB to read (printed as dtc -I dtb -O dts prints it)' })
    .option('format', { alias: 'f', choices: ['dts', 'dtb', 'json'] as const, default: 'dts' as const, describe: 'Output format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE instead of stdout (--no-output: nothing, only the exit code)' })
    .option('symbols', { alias: '@', type: 'boolean', default: false, describe: 'Add /__symbols__ as dtc -@ does' })
    .example('$0 tree board.dts --format dtb -o board.dtb', 'build the DTB exactly as cpp + dtc would') as unknown as Argv<TreeArgs>;
}

/** `dtlint tree`: the merged tree exactly as dtc builds it. */
export function runTree(args: TreeArgs, ctx: RunContext): number {
  const result = compileDts(args.file, { host: ctx.hostFor(1), includeDirs: includeDirsOf({ includeDirs: args.include, config: loadRunConfig({}) }), symbols: args.symbols });
  if (result.fatal) throw new UsageError(result.fatal);
  for (const d of result.diagnostics) process.stderr.write(formatDiagnosticLine(d) + '\n');
  if (!result.tree || result.diagnostics.some((d) => d.severity === 'error')) return 1;
  const tree = result.tree;
  if (args.format === 'dtb') emit(writeDtb(tree), args.output);
  else if (args.format === 'json') emit(JSON.stringify(treeToJson(tree), null, 2) + '\n', args.output);
  else emit(printDts(tree), args.output);
  return 0;
}
