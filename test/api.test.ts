import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { buildGraph, checkPair, closure, lint, loadTree, resolveNode } from '../src/index.js';

const example = join(process.cwd(), 'fixtures/example');

describe('library API', () => {
  it('loads a tree, builds its graph and explains a closure', () => {
    const { tree, diagnostics } = loadTree(join(example, 'host.dts'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dg = buildGraph(tree!);
    const found = resolveNode(tree!, 'eth0_lpcg');
    if (!found.ok) throw new Error(found.message);
    const c = closure(dg, [found.node]);
    expect([...c.byPath.keys()]).toEqual(expect.arrayContaining(['/system-controller/clock-controller', '/system-controller/power-controller']));
  });

  it('lints files and checks a pair, returning findings as values', () => {
    const linted = lint([join(example, 'host.dts')]);
    expect(linted.findings.map((f) => f.ruleId)).toContain('comment-swallows-code');
    const checked = checkPair({
      host: join(example, 'fixed/host.dts'),
      guest: join(example, 'fixed/guest.dts'),
      qemu: join(example, 'fixed/qemu-args.txt'),
      cmdline: join(example, 'fixed/host.cmdline'),
    });
    expect(checked.findings).toEqual([]);
  });
});
