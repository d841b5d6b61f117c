/**
 * phandle-args: a phandle+args list whose entries do not fit their providers' `#*-cells`, or that
 * names a provider without the cells property. Lists are read with the one splitter
 * (src/graph/split.ts) by the binding table's rows, as Linux's of_parse_phandle_with_args does.
 * Numbers standing for phandles in lists written with numbers only (a QEMU dump) are raw-phandle's;
 * a number where a phandle belongs in a list of `&references` is a misalignment and is reported here.
 */
import { getProperty, nodePath } from '../src/dts/query.js';
import type { Cell, Node, Property } from '../src/dts/tree.js';
import { defineRule } from '../src/lint/rule.js';
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { Binding } from '../src/graph/bindings.js';
import type { ListEntry } from '../src/graph/split.js';
import { cellText, dependencyGraphOf, hasReference, nodeHead } from './support/graph.js';

const CHECKED_LAYOUTS = new Set(['phandle-args', 'interrupt-map', 'id-map']);

export default defineRule({
  id: 'phandle-args',
  level: 'error',
  scope: 'source',
  summary: "A phandle+args list does not fit its providers' #*-cells, or names a provider without the cells property",
  symptoms: ['the driver gets the wrong clock, reset, GPIO... or none, and fails to probe'],
  messages: {
    missingCells:
      '{{property}}[{{index}}] names {{provider}}, which has no {{cells}}: the arguments of this entry and the rest of the list cannot be read',
    tooShort:
      '{{property}}[{{index}}]: {{provider}} has {{cells}} = <{{expected}}>, but only {{found}} argument cell(s) follow its phandle',
    refAsArgument:
      '{{property}}[{{index}}]: {{reference}} is read as argument {{position}} of {{provider}}, whose {{cells}} is <{{expected}}>: the entry has fewer argument cells than its provider takes',
    notPhandle:
      '{{property}}[{{index}}]: {{value}} is read as a phandle, so entry {{previous}} ({{provider}}, {{cells}} = <{{expected}}>) has too many argument cells',
    numberForPhandle: '{{property}}[{{index}}]: {{value}} is read as a phandle in a list of &references',
    shortMap:
      '{{property}}[{{index}}]: the list ends inside an entry (<id-base &target target-base length>, 4 cells each): Linux rejects a map whose length is not a multiple of 4 cells',
    mapNotPhandle:
      '{{property}}[{{index}}]: {{value}} is read as a phandle in a list of &references: an earlier entry has the wrong number of cells',
  },
  check(ctx) {
    const tree = ctx.tree!;
    // An overlay's references point into a base tree that is not here.
    if (tree.plugin) return;
    for (const { node, property, binding, split } of dependencyGraphOf(tree).bound) {
      if (!split || !CHECKED_LAYOUTS.has(binding.layout)) continue;
      const problem = firstProblem(node, property, binding, split.entries);
      if (problem) report(problem);
    }

    function report(p: Problem): void {
      const subject = `${nodePath(p.node)}:${p.prop.name}`;
      const base = { property: p.prop.name, index: p.entry.index };
      // An interrupt-map whose own node lacks #interrupt-cells names that node in the problem only.
      const provider = p.entry.provider ?? (p.entry.problem?.kind === 'missing-cells' ? p.entry.problem.provider : undefined);
      const related = provider ? cellsRelated(provider, p.cells) : [];
      switch (p.kind) {
        case 'missingCells':
          ctx.report({ at: p.at, messageId: 'missingCells', data: { ...base, provider: nodePath(provider!), cells: p.cells }, related, subject });
          return;
        case 'tooShort':
          // An id-map entry cut before its phandle cell names no provider.
          if (!provider) {
            ctx.report({ at: p.at, messageId: 'shortMap', data: base, subject });
            return;
          }
          ctx.report({
            at: p.at,
            messageId: 'tooShort',
            data: { ...base, provider: nodePath(provider!), cells: p.cells, expected: p.expected, found: p.found },
            related,
            subject,
          });
          return;
        case 'refAsArgument':
          ctx.report({
            at: p.at,
            messageId: 'refAsArgument',
            data: { ...base, reference: cellText(p.cell, ctx.sources), position: p.position, provider: nodePath(provider!), cells: p.cells, expected: p.expected },
            related,
            subject,
          });
          return;
        case 'notPhandle': {
          const prev = p.previous;
          const value = cellText(p.cell, ctx.sources);
          if (p.map) {
            ctx.report({ at: p.at, messageId: 'mapNotPhandle', data: { ...base, value }, subject });
          } else if (prev?.provider) {
            ctx.report({
              at: p.at,
              messageId: 'notPhandle',
              data: { ...base, value, previous: prev.index, provider: nodePath(prev.provider), cells: p.cells, expected: prev.args.length },
              related: cellsRelated(prev.provider, p.cells),
              subject,
            });
          } else {
            ctx.report({ at: p.at, messageId: 'numberForPhandle', data: { ...base, value }, subject });
          }
          return;
        }
      }
    }

    /** The provider's cells property, or the provider itself when it lacks one. */
    function cellsRelated(provider: Node, cells: string): RelatedLocation[] {
      const prop = getProperty(provider, cells);
      if (prop && !prop.generated) return [{ message: `${cells} of ${nodePath(provider)}`, at: prop.at }];
      return [{ message: `${nodePath(provider)} is defined here`, at: nodeHead(provider, ctx.sources) }];
    }
  },
});

type Problem = { node: Node; prop: Property; entry: ListEntry; at: Cell['at']; cells: string } & (
  | { kind: 'missingCells' }
  | { kind: 'tooShort'; expected: number; found: number }
  | { kind: 'refAsArgument'; cell: Cell; position: number; expected: number }
  | { kind: 'notPhandle'; cell: Cell; previous?: ListEntry; map: boolean }
);

/**
 * The first thing wrong with a list, in reading order; the rest of a misread list is noise
 * (dtc stops at the first bad entry too).
 */
function firstProblem(node: Node, prop: Property, binding: Binding, entries: readonly ListEntry[]): Problem | undefined {
  const map = binding.layout !== 'phandle-args';
  const withRefs = hasReference(prop);
  const cells = binding.cells ?? '#cells';
  let previous: ListEntry | undefined;
  for (const entry of entries) {
    if (entry.empty) continue;
    const base = { node, prop, entry, cells };
    // A number among &references: the list is misaligned (or a phandle is hard-coded by mistake).
    if (entry.raw && withRefs) {
      const p: Problem = { ...base, kind: 'notPhandle', at: entry.phandleCell.at, cell: entry.phandleCell, map };
      if (previous) p.previous = previous;
      return p;
    }
    // A &reference read as an argument is a sign of a short entry when it names a provider of the
    // same kind or the list goes wrong later; some bindings take a phandle argument (TI's mailboxes).
    if (!map && entry.provider) {
      const position = entry.args.findIndex((c) => c.ref !== undefined && (isProvider(c, binding) || laterProblem(entries, entry, withRefs)));
      if (position !== -1) {
        const cell = entry.args[position]!;
        return { ...base, kind: 'refAsArgument', at: cell.at, cell, position: position + 1, expected: expectedArgs(entry) };
      }
    }
    const problem = entry.problem;
    if (problem) {
      switch (problem.kind) {
        case 'missing-cells':
          // A raw phandle that names a node of the wrong kind is raw-phandle's.
          if (entry.raw) return undefined;
          return { ...base, kind: 'missingCells', at: entry.phandleCell.at, cells: problem.cells };
        case 'too-short':
          return { ...base, kind: 'tooShort', at: entry.phandleCell.at, cells: problem.cells, expected: problem.expected, found: problem.found };
        default:
          // unknown-phandle: raw-phandle's (numbers) or unresolved-reference's (&refs).
          return undefined;
      }
    }
    previous = entry;
  }
  return undefined;
}

/** The cell names a node that has the binding's cells property: a provider of the list's kind. */
function isProvider(cell: Cell, binding: Binding): boolean {
  const target = cell.ref?.target;
  return target !== undefined && binding.cells !== null && getProperty(target, binding.cells) !== undefined;
}

/** Something goes wrong after `entry`: a number read as a phandle among &references, or a bad entry. */
function laterProblem(entries: readonly ListEntry[], entry: ListEntry, withRefs: boolean): boolean {
  return entries.some((e) => e.index > entry.index && !e.empty && ((e.raw && withRefs) || e.problem !== undefined));
}

/** How many argument cells the provider takes: all of them were read unless the list ended early. */
function expectedArgs(entry: ListEntry): number {
  return entry.problem?.kind === 'too-short' ? entry.problem.expected : entry.args.length;
}
