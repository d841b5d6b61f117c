/** The counting of bulk suppressions (src/lint/baseline.ts), without the CLI. */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  applyBulkSuppressions,
  parseSuppressions,
  pruneSuppressions,
  serializeSuppressions,
  suppressFindings,
  type SuppressionCounts,
} from '../../src/lint/baseline.js';
import type { Finding, Level } from '../../src/lint/finding.js';

const ROOT = '/repo';

function finding(file: string, ruleId: string, line: number, level: Level = 'error'): Finding {
  return { ruleId, level, message: `m${line}`, messageId: 'm', at: { file: join(ROOT, file), line, column: 1, endLine: line, endColumn: 2 }, related: [] };
}

describe('bulk suppressions', () => {
  const findings = [finding('a.dts', 'r1', 1), finding('a.dts', 'r1', 2), finding('a.dts', 'r2', 3), finding('a.dts', 'r1', 4, 'warning'), finding('b.dts', 'syntax-error', 1)];

  it('suppresses a rule of a file while its count holds, reports them all once it is exceeded, and says what went unused', () => {
    const exact = applyBulkSuppressions(findings, { counts: { 'a.dts': { r1: { count: 2 }, r2: { count: 1 } } }, root: ROOT });
    expect(exact.kept.map((f) => `${f.ruleId}:${f.at.line}`)).toEqual(['r1:4', 'syntax-error:1']);
    expect(exact.unused).toEqual({});
    const over = applyBulkSuppressions(findings, { counts: { 'a.dts': { r1: { count: 1 }, r2: { count: 3 }, r3: { count: 1 } } }, root: ROOT });
    expect(over.kept.map((f) => `${f.ruleId}:${f.at.line}`)).toEqual(['r1:1', 'r1:2', 'r1:4', 'syntax-error:1']);
    expect(over.unused).toEqual({ 'a.dts': { r2: { count: 2 }, r3: { count: 1 } } });
  });

  it('counts only what the run covered as unused', () => {
    const counts: SuppressionCounts = { 'a.dts': { r9: { count: 1 } }, 'c.dtsi': { r1: { count: 1 } } };
    expect(applyBulkSuppressions(findings, { counts, root: ROOT, coverage: new Set([join(ROOT, 'a.dts')]) }).unused).toEqual({ 'a.dts': { r9: { count: 1 } } });
  });

  it('--suppress-*: errors only, never syntax errors; counts set for covered files, never lowered for the others', () => {
    const old: SuppressionCounts = { 'a.dts': { r1: { count: 5 }, r7: { count: 1 } }, 'b.dts': { r1: { count: 2 } } };
    expect(suppressFindings(old, findings, { root: ROOT })).toEqual({ 'a.dts': { r1: { count: 2 }, r2: { count: 1 }, r7: { count: 1 } }, 'b.dts': { r1: { count: 2 } } });
    expect(suppressFindings(old, findings, { root: ROOT, rules: new Set(['r2']) })['a.dts']).toEqual({ r1: { count: 5 }, r2: { count: 1 }, r7: { count: 1 } });
    expect(suppressFindings(old, findings, { root: ROOT, coverage: new Set() })['a.dts']!.r1).toEqual({ count: 5 });
    expect(old['a.dts']!.r1!.count).toBe(5);
  });

  it('--prune-suppressions lowers counts by what went unused and drops files that are gone', () => {
    const counts: SuppressionCounts = { 'a.dts': { r1: { count: 3 }, r2: { count: 1 } }, 'gone.dts': { r1: { count: 1 } } };
    expect(pruneSuppressions(counts, { 'a.dts': { r1: { count: 1 }, r2: { count: 1 } } }, (key) => key !== 'gone.dts')).toEqual({ 'a.dts': { r1: { count: 2 } } });
  });

  it('writes sorted keys, 2-space indent and a trailing newline, and reads back what it writes', () => {
    const text = serializeSuppressions({ 'z.dts': { b: { count: 1 }, a: { count: 2 } }, 'a.dts': { r: { count: 1 } }, 'empty.dts': {} });
    expect(text).toBe('{\n  "a.dts": {\n    "r": {\n      "count": 1\n    }\n  },\n  "z.dts": {\n    "a": {\n      "count": 2\n    },\n    "b": {\n      "count": 1\n    }\n  }\n}\n');
    expect(parseSuppressions(text)).toEqual({ counts: { 'a.dts': { r: { count: 1 } }, 'z.dts': { a: { count: 2 }, b: { count: 1 } } } });
    expect(parseSuppressions('[]')).toEqual({ error: 'expected an object of files' });
    expect(parseSuppressions('{"a.dts": {"r": {"count": -1}}}')).toEqual({ error: '"a.dts": "r": expected { "count": N } with N a whole number' });
  });
});
