/**
 * Inputs a fuzz run found to crash dtlint or blow up its time or memory (issue 18), each through the
 * library as `dtlint` runs it: the run must end with findings (or a one-line notification), no
 * exception, no internal error, within the fuzz budget.
 */
import { describe, expect, it } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ruleOverrides } from '../../src/cli/command-output.js';
import { compileDts } from '../../src/dts/compile.js';
import { SourceHost } from '../../src/dts/source.js';
import { closure } from '../../src/graph/closure.js';
import { formatJson, formatText, MAX_TEXT_DEPTH } from '../../src/graph/format.js';
import { buildDependencyGraph } from '../../src/graph/graph.js';
import { resolveNode } from '../../src/graph/resolve-node.js';
import { finalizeFindings, type ConfiguredLevel, type Finding } from '../../src/lint/index.js';
import { assignFingerprints } from '../../src/lint/fingerprint.js';
import { parseQemuArgs } from '../../src/passthrough/qemu-args.js';
import { lint } from '../../src/run/index.js';
import { MAIN, runCase } from './run-case.js';

/** The fuzz bar: no case over 2 s. */
const BUDGET_MS = 2000;

const repeat = (s: string, n: number): string => s.repeat(n);
const dts = (body: string): string => `/dts-v1/;\n/ {\n${body}\n};\n`;

/** Rule ids of the findings; `budget` is for the 1 MB inputs, the rest are small files. */
function ruleIds(files: Record<string, string>, budget = BUDGET_MS): string[] {
  const out = runCase(files);
  expect(out.failure).toBeUndefined();
  expect(out.ms).toBeLessThan(budget);
  return [...new Set(out.result!.findings.map((f) => f.ruleId))].sort();
}

describe('fuzz regressions', () => {
  it('an msi-map / iommu-map cut before its phandle', () => {
    expect(ruleIds({ [MAIN]: dts('n { msi-map = <0>; };') })).toContain('phandle-args');
    expect(ruleIds({ [MAIN]: dts('n { iommu-map = <0>; };') })).toContain('phandle-args');
  });

  it('a 20,000-long #if 0 ? 0 : ... chain (cpp accepts it)', () => {
    expect(ruleIds({ [MAIN]: `/dts-v1/;\n#if ${repeat('0 ? 0 : ', 20000)}1\n/ { ok; };\n#endif\n` })).toEqual([]);
  });

  it('150,000 labels on one value', () => {
    const labels = Array.from({ length: 150000 }, (_, i) => `l${i}:`).join(' ');
    expect(ruleIds({ [MAIN]: dts(`p = ${labels} <1>;`) }, BUDGET_MS * 3)).toEqual([]);
  });

  it('200,000 cells in one property', () => {
    expect(ruleIds({ [MAIN]: dts(`n { clocks = <${repeat('0 ', 200000)}>; };`) }, BUDGET_MS * 3)).toEqual([]);
  });

  it('62,000 line splices', () => {
    expect(ruleIds({ [MAIN]: dts(`p = <1${repeat(' \\\n', 62000)}>;`) })).toEqual([]);
  });

  it('120,000 unused suppressions (their findings were appended with push(...list))', () => {
    const body = Array.from({ length: 120000 }, (_, i) => `// dtlint-disable-next-line raw-phandle\np${i} = <1>;`).join('\n');
    const host = new SourceHost(new Map([[MAIN, dts(body)]]));
    const levels = new Map<string, ConfiguredLevel>([['raw-phandle', 'error'], ['unused-suppression', 'warning']]);
    const findings = finalizeFindings([], { host, userFiles: new Set([MAIN]), levels, root: '/fuzz', fingerprints: false });
    expect(findings).toHaveLength(120000);
  });

  it('a fingerprint of a finding on a long line is the same hash as on a short one', () => {
    const long = `// dtlint-disable-line ${Array.from({ length: 4000 }, (_, i) => `rule-${i}`).join(',')}`;
    const at = { file: MAIN, line: 1, column: 1, endLine: 1, endColumn: 2 };
    const findings: Finding[] = [0, 1, 0].map((n) => ({ ruleId: 'unused-suppression', level: 'warning', message: `m${n}`, messageId: 'unused', at, related: [] }));
    assignFingerprints(findings, { root: '/fuzz', lineText: () => long });
    const expected = (message: string): string => bytesToHex(sha256(utf8ToBytes(['unused-suppression', `main.dts\0${long}`, message].join('\0')))).slice(0, 32);
    expect(findings.map((f) => f.fingerprint)).toEqual([expected('m0'), expected('m1'), bytesToHex(sha256(utf8ToBytes(`${expected('m0')}\u00001`))).slice(0, 32)]);
  });

  it('deps on a 4,096-node chain, as text and JSON', () => {
    const n = 4096;
    const nodes = Array.from({ length: n }, (_, i) => `a${i}: n${i} { #clock-cells = <0>;${i + 1 < n ? ` clocks = <&a${i + 1}>;` : ''} };`).join('\n');
    const host = new SourceHost(new Map([[MAIN, dts(nodes)]]));
    const start = performance.now();
    const tree = compileDts(MAIN, { host }).tree!;
    const dg = buildDependencyGraph(tree);
    const found = resolveNode(tree, 'a0');
    if (!found.ok) throw new Error(found.message);
    const c = closure(dg, [found.node]);
    const text = formatText(dg, c);
    expect(text).toContain(`${n - 1} dependencies`);
    // Indented at most MAX_TEXT_DEPTH levels: the text grows with the chain, not with its square.
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(MAX_TEXT_DEPTH * 3 + 80);
    expect(lines.filter((l) => l.endsWith(' (continued below)'))).toHaveLength(lines.filter((l) => l.endsWith(' (continued)')).length);
    expect(lines.filter((l) => l.includes('-> a')).length).toBe(n - 1);
    const json = JSON.parse(formatJson(dg, c)) as { members: { from: string | null }[] };
    expect(json.members).toHaveLength(n);
    expect(c.members[n - 1]!.chain).toHaveLength(n - 1);
    expect(performance.now() - start).toBeLessThan(BUDGET_MS * 2);
  });

  it('a QEMU -device JSON nested 5,000 deep, and a __proto__ key', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const args = parseQemuArgs(`qemu-system-aarch64 -M virt -device '{"driver":"vfio-platform","x":${deep}}' -device '{"driver":"vfio-platform","__proto__":"p","host":"a.b"}'`);
    expect(args.problems.map((p) => p.message)).toEqual(['-device JSON: nested more than 1024 deep']);
    expect(Object.entries(args.devices[0]!.props)).toEqual([['__proto__', 'p'], ['host', 'a.b']]);
  });

  it('--rule __proto__=error is an unknown rule, not a silent no-op', () => {
    const overrides = ruleOverrides({ rule: ['__proto__=error'] });
    expect(Object.keys(overrides)).toEqual(['__proto__']);
    const out = lint([], { rules: overrides, host: new SourceHost(new Map()) });
    expect(out.notifications).toEqual([{ severity: 'fatal', message: 'unknown rule __proto__' }]);
  });

  it('2,048 copies of one property', () => {
    // dtc's duplicate_property_names: one syntax-error finding (the first diagnostic stops the build).
    expect(ruleIds({ [MAIN]: dts(`n {\n${repeat('p = <1>;\n', 2048)}};`) })).toEqual(['syntax-error']);
  });

  it('a suppression listing 4,000 rule ids over 1,000 findings', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `rule-${i}`).join(',');
    const nodes = Array.from({ length: 1000 }, (_, i) => `n${i} { reg = <1>; };`).join('\n');
    const out = runCase({ [MAIN]: dts(`// dtlint-disable-line ${ids}\n${nodes}`) });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
  });

  it('an unspaced byte string of 16 KB and of 200 KB', () => {
    expect(ruleIds({ [MAIN]: dts(`p = [${repeat('ab', 8192)}];`) })).toEqual([]);
    expect(ruleIds({ [MAIN]: dts(`p = [${repeat('ab', 100000)}];`) })).toEqual([]);
  });

  it('a ring of interrupt-parent links', () => {
    const ring = Array.from({ length: 2000 }, (_, i) => `a${i}: n${i} { interrupt-parent = <&a${(i + 1) % 2000}>; interrupts = <1>; };`).join('\n');
    const out = runCase({ [MAIN]: dts(ring) });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
  });

  it('10,000 nested F( with and without the macro', () => {
    const nested = `${repeat('F(', 10000)}1${repeat(')', 10000)}`;
    for (const head of ['#define F(x) x\n', '']) {
      const out = runCase({ [MAIN]: `${head}/dts-v1/;\n/ { p = <${nested}>; };\n` });
      expect(out.failure).toBeUndefined();
      expect(out.ms).toBeLessThan(BUDGET_MS);
    }
  });

  it('a doubling macro bomb and a nested-stringify bomb', () => {
    let doubling = '#define X0 a\n';
    let stringify = '#define S(x) #x\n#define E(x) S(x)\n#define Y0 a\n';
    for (let i = 1; i <= 24; i++) {
      doubling += `#define X${i} X${i - 1} X${i - 1}\n`;
      stringify += `#define Y${i} E(Y${i - 1}) E(Y${i - 1})\n`;
    }
    for (const src of [`${doubling}/dts-v1/;\n/ { p = X24; };\n`, `${stringify}/dts-v1/;\n/ { p = Y24; };\n`]) {
      const out = runCase({ [MAIN]: src });
      expect(out.failure).toBeUndefined();
      expect(out.ms).toBeLessThan(BUDGET_MS);
    }
  });

  it('a nested-stringify bomb 10 levels deep ends at the 64 KiB cap on #x (each level escapes every backslash again)', () => {
    // Level 10 makes two strings of 700 KB, under the token budget: at 1 MiB the escaping alone took over a second.
    let stringify = '#define S(x) #x\n#define E(x) S(x)\n#define Y0 a\n';
    for (let i = 1; i <= 10; i++) stringify += `#define Y${i} E(Y${i - 1}) E(Y${i - 1})\n`;
    const out = runCase({ [MAIN]: `${stringify}/dts-v1/;\n/ { p = Y10; };\n` });
    expect(out.failure).toBeUndefined();
    expect(out.result!.findings.map((f) => f.message)).toEqual(['macro expansion produces too many tokens']);
    // A long string under the cap is stringified whole, escapes and all.
    const long = `"${repeat('\\\\"', 6000)}"`;
    expect(ruleIds({ [MAIN]: `#define S(x) #x\n/dts-v1/;\n/ { p = S(${long}); };\n` })).toEqual([]);
  });

  it('a long board may expand macros in proportion to its length (the fixed token budget cut a 10 MB board)', () => {
    // 150,000 uses of a 5-token macro: 750k tokens of expansion, over the fixed 300k budget.
    const out = runCase({ [MAIN]: `#define C(x) ((x) + 1)\n${dts(`p = <${repeat('C(1) ', 150000)}>;`)}` });
    expect(out.failure).toBeUndefined();
    expect(out.result!.findings.map((f) => f.message)).toEqual([]);
  });

  it('2,049 sibling nodes with one label, each referring to it (fuzz case 6081: 31 s)', () => {
    // Every &e looked at every node labelled e and placed each among 2,049 siblings by indexOf.
    expect(ruleIds({ [MAIN]: dts(repeat('e: e { phandle = <&e>; };\n', 2049)) })).toEqual(['syntax-error']);
  });

  it('a .dtsi included 2,049 times (fuzz case 5843: 14 s)', () => {
    // Each merge copied the list of a property's earlier definitions: the square of the count.
    const out = runCase({ [MAIN]: `/dts-v1/;\n${repeat('#include "a.dtsi"\n', 2049)}`, '/fuzz/a.dtsi': dts('n: n { p = <1>; q = "x"; r; };') });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
  });

  it('a 4,000-digit number in the path of 100 findings (fuzz case 3444: fingerprints took 4 s)', () => {
    const nest = `${repeat('a: n@1 { ', 100)}${repeat('};', 100)}`;
    const out = runCase({ [MAIN]: dts(`n@0x${repeat('f', 4000)} { ${nest} };`) });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
  });

  it('an include cycle that enters a file twice per pass stops at the include depth limit', () => {
    // main.dts -> a.dtsi twice -> b.dtsi -> main.dts: going on after the depth error (as cpp does) is 2^66 files.
    const files = {
      [MAIN]: '/dts-v1/;\n/ { x\n#include "a.dtsi"\n; y\n#include "a.dtsi"\n; };\n',
      '/fuzz/a.dtsi': '#include "b.dtsi"\n',
      '/fuzz/b.dtsi': '#include "main.dts"\n',
    };
    const out = runCase(files);
    expect(out.failure).toBeUndefined();
    expect(out.result!.findings.map((f) => f.message)).toEqual(['#include nested depth 200 exceeds maximum of 200 (use -fmax-include-depth=DEPTH to increase the maximum)']);
  });

  it('/incbin/ of /dev/zero reads only the bytes it takes', () => {
    const out = runCase({ [MAIN]: dts('p = /incbin/("/dev/zero", 0, 16);') });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
    expect(out.result!.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('/incbin/ of a whole device is refused, not read forever', () => {
    const out = runCase({ [MAIN]: dts('p = /incbin/("/dev/zero");') });
    expect(out.failure).toBeUndefined();
    expect(out.ms).toBeLessThan(BUDGET_MS);
    expect(out.result!.findings.map((f) => f.ruleId)).toContain('syntax-error');
  });
});
