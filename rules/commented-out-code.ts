/**
 * commented-out-code (off by default): a block comment that holds DTS statements on purpose
 * (`/* iommus = <&smmu 0x874>; *\/`, a disabled node kept for later). Nothing is wrong with the tree;
 * a team that wants its sources free of dead code turns it on. The accidents (a nested `/*`, prose
 * that runs on into code) are comment-swallows-code's.
 */
import { SourceFile } from '../src/dts/source.js';
import { identityOrigins } from '../src/dts/origin.js';
import { defineRule } from '../src/lint/rule.js';
import { listStatements, swallowedCodeOf } from './comment-swallows-code.js';

export default defineRule({
  id: 'commented-out-code',
  level: 'off',
  scope: 'source',
  requiresTree: false,
  summary: 'A block comment holds DTS statements on purpose (commented-out code); off by default',
  messages: {
    commented: 'commented-out code: {{statements}} is not compiled; delete it, or keep it with a reason (the history keeps it too)',
  },
  check(ctx) {
    for (const path of ctx.userFiles) {
      const file = ctx.sources.read(path);
      if (!(file instanceof SourceFile)) continue;
      const hits = swallowedCodeOf(file).filter((h) => h.deliberate);
      if (hits.length === 0) continue;
      const { locate } = identityOrigins(file);
      for (const hit of hits) {
        ctx.report({ at: locate(hit.comment.start, hit.comment.end), messageId: 'commented', data: { statements: listStatements(hit.statements) } });
      }
    }
  },
});
