import { runContext } from '../../src/cli/run-context.js';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDeps } from '../../src/cli/commands/deps.js';
import { UsageError } from '../../src/cli/io.js';

const NO_CACHE = runContext({ cache: false });
const FIXTURE = resolve('fixtures/graph/imx-like.dts');

describe('dtlint deps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-deps-'));
  const out = join(dir, 'out');
  const base = { file: FIXTURE, reverse: false, format: 'text' as const, include: [], output: out };

  it('resolves the node by sysfs name and writes the chosen format', () => {
    expect(runDeps({ ...base, node: '5b040000.ethernet' }, NO_CACHE)).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^fec1 \(\/bus@5b000000\/ethernet@5b040000\)\n/);
    expect(runDeps({ ...base, node: 'fec2', reverse: true, format: 'dot' }, NO_CACHE)).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^digraph "dependents" \{/);
    expect(runDeps({ ...base, node: '/bus@5b000000', format: 'json' }, NO_CACHE)).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ starts: ['/bus@5b000000'] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the run with one line for an unknown node', () => {
    expect(() => runDeps({ ...base, node: 'nosuch' }, NO_CACHE)).toThrow(new UsageError('no node nosuch: not a label, path, alias or sysfs name in this tree'));
  });
});
