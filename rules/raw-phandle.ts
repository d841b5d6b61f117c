/**
 * raw-phandle: a literal number where a phandle belongs (as in a QEMU `dumpdtb` decoded by dtc) that
 * names no node, or a node that is not the kind of provider the property needs (no `#clock-cells`
 * for `clocks`). `interrupt-parent` is the interrupt-parent rule's, and a number among `&references`
 * in a phandle+args list (a misaligned list) is phandle-args': one rule per problem.
 */
import { getProperty, nodePath } from '../src/dts/query.js';
import { defineRule } from '../src/lint/rule.js';
import { cellNumber } from '../src/graph/tree-access.js';
import { dependencyGraphOf, hasReference, nodeHead } from './support/graph.js';
import { hex } from '../src/dts/message-text.js';

/** dtc skips 0 and -1 (`phandle_is_valid`): both are placeholders, not references. */
const PLACEHOLDER = 0xffffffff;

export default defineRule({
  id: 'raw-phandle',
  level: 'error',
  scope: 'source',
  summary: 'A literal phandle number names no node, or a node of the wrong kind',
  symptoms: ['the driver cannot get its clock, GPIO, power domain... and fails to probe'],
  messages: {
    unknown: '{{property}}[{{index}}]: phandle {{phandle}} names no node',
    wrongKind: '{{property}}[{{index}}]: phandle {{phandle}} names {{target}}, which has no {{cells}}: it is not a provider for {{property}}',
  },
  check(ctx) {
    const tree = ctx.tree!;
    if (tree.plugin) return;
    for (const { node, property: prop, binding, split } of dependencyGraphOf(tree).bound) {
      if (!split || prop.name === 'interrupt-parent') continue;
      if (binding.layout === 'interrupts' || binding.layout === 'parent') continue;
      if (binding.layout !== 'phandles' && binding.layout !== 'graph-endpoint' && hasReference(prop)) continue;
      for (const entry of split.entries) {
        if (!entry.raw || !entry.problem) continue;
        const phandle = cellNumber(entry.phandleCell);
        const data = { property: prop.name, index: entry.index, phandle: hex(phandle) };
        const subject = `${nodePath(node)}:${prop.name}`;
        if (entry.problem.kind === 'unknown-phandle' && phandle !== PLACEHOLDER) {
          ctx.report({ at: entry.phandleCell.at, messageId: 'unknown', data, subject });
        } else if (entry.problem.kind === 'missing-cells') {
          const target = entry.problem.provider;
          const explicit = getProperty(target, 'phandle');
          const where = explicit && !explicit.generated ? explicit.at : nodeHead(target, ctx.sources);
          ctx.report({
            at: entry.phandleCell.at,
            messageId: 'wrongKind',
            data: { ...data, target: nodePath(target), cells: entry.problem.cells },
            related: [{ message: `phandle ${hex(phandle)} is ${nodePath(target)}`, at: where }],
            subject,
          });
        }
      }
    }
  },
});
