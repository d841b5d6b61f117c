/**
 * delete-missing: `/delete-node/` or `/delete-property/` that removes nothing. dtc accepts both
 * silently when the name is not there, and keeps a deletion written inside a node's first
 * definition as an inert placeholder even when the same block defines the name: either way the
 * author meant to remove something that is still there, or that was never there. The tree builder
 * records every deletion and whether it matched (tree.deletions). Only the user's own files are
 * checked: a stale deletion in a kernel header is not theirs to fix.
 */
import { resolve } from 'node:path';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  id: 'delete-missing',
  level: 'warning',
  scope: 'source',
  summary: '/delete-node/ or /delete-property/ names nothing where it stands',
  symptoms: ['a property or node the author meant to remove is still in the DTB (or never was there)'],
  messages: {
    property: '/delete-property/ {{name}} deletes nothing: {{node}} has no property {{name}} at this point',
    node: '/delete-node/ {{name}} deletes nothing: {{node}} has no child node {{name}} at this point',
    inertProperty:
      '/delete-property/ {{name}} has no effect inside the first definition of {{node}}: dtc only deletes from a node defined earlier',
    inertNode:
      '/delete-node/ {{name}} has no effect inside the first definition of {{node}}: dtc only deletes from a node defined earlier',
  },
  check(ctx) {
    const user = new Set(ctx.userFiles.map((f) => resolve(f)));
    for (const d of ctx.tree!.deletions ?? []) {
      if (d.matched || !user.has(resolve(d.at.file))) continue;
      const data = { name: d.name, node: d.node };
      const subject = `${d.node}:${d.name}`;
      if (d.firstDefinition) ctx.report({ at: d.at, messageId: d.kind === 'node' ? 'inertNode' : 'inertProperty', data, subject });
      else ctx.report({ at: d.at, messageId: d.kind, data, subject });
    }
  },
});
