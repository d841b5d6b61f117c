import type { Argv } from 'yargs';
import { compileDts } from '../../dts/compile.js';
import { closure } from '../../graph/closure.js';
import { formatDot, formatJson, formatText } from '../../graph/format.js';
import { buildDependencyGraph } from '../../graph/graph.js';
import { resolveNode } from '../../graph/resolve-node.js';
import { formatDiagnosticLine } from '../diagnostics.js';
import { emit, UsageError } from '../io.js';
import type { RunContext } from '../run-context.js';
import { loadRunConfig } from '../command-output.js';
import { includeDirsOf } from '../../lint/index.js';

export interface DepsArgs {
  file: string;
  node: string;
  reverse: boolean;
  format: 'text' | 'json' | 'dot';
  output?: string | false;
  include: string[];
}

export function depsOptions(y: Argv): Argv<DepsArgs> {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'DTS file to build, or a DTB to read' })
    .positional('node', { type: 'string', demandOption: true, describe: 'Node: label, full path, alias or sysfs name (5b040000.ethernet)' })
    .option('reverse', { alias: 'r', type: 'boolean', default: false, describe: 'Show what depends on NODE instead' })
    .option('format', { alias: 'f', choices: ['text', 'json', 'dot'] as const, default: 'text' as const, describe: 'Output format' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE instead of stdout (--no-output: nothing, only the exit code)' })
    .example('$0 deps board.dts fec1', 'what fec1 needs, and why')
    .example('$0 deps board.dts 5b040000.ethernet --reverse', 'what needs the device named so in sysfs')
    .example('$0 deps board.dts fec1 -f dot | dot -Tsvg > fec1.svg', 'draw the closure') as unknown as Argv<DepsArgs>;
}

/** `dtlint deps`: what NODE depends on (or what depends on it), transitively, and why. */
export function runDeps(args: DepsArgs, ctx: RunContext): number {
  const result = compileDts(args.file, { host: ctx.hostFor(1), includeDirs: includeDirsOf({ includeDirs: args.include, config: loadRunConfig({}) }) });
  if (result.fatal) throw new UsageError(result.fatal);
  for (const d of result.diagnostics) process.stderr.write(formatDiagnosticLine(d) + '\n');
  if (!result.tree || result.diagnostics.some((d) => d.severity === 'error')) return 1;
  const found = resolveNode(result.tree, args.node);
  if (!found.ok) throw new UsageError(found.message);
  const dg = buildDependencyGraph(result.tree);
  const c = closure(dg, [found.node], { reverse: args.reverse });
  const text = args.format === 'json' ? formatJson(dg, c) : args.format === 'dot' ? formatDot(dg, c) : formatText(dg, c);
  emit(text, args.output);
  return 0;
}
