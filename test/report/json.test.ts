import { describe, expect, it } from '@jest/globals';
import { formatJson } from '../../src/report/json.js';
import { CWD, FINDINGS } from './findings.js';

describe('formatJson', () => {
  it('writes the documented array: sorted, fixed key order, 2-space indent, trailing newline', () => {
    const out = formatJson(FINDINGS, { cwd: CWD });
    expect(out.endsWith('}\n]\n')).toBe(true);
    const parsed = JSON.parse(out) as Record<string, unknown>[];
    expect(parsed.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      '/elsewhere/common.dtsi:2:5 syntax-error',
      'dts/host.dts:4:13 unresolved-reference',
      'dts/host.dts:7:1 comment-swallows-code',
    ]);
    expect(out).toContain(
      [
        '  {',
        '    "ruleId": "unresolved-reference",',
        '    "level": "error",',
        '    "message": "Label or path smmu not found",',
        '    "messageId": "diagnostic",',
        '    "file": "dts/host.dts",',
        '    "line": 4,',
        '    "column": 13,',
        '    "endLine": 4,',
        '    "endColumn": 18,',
        '    "related": [],',
        '    "chain": [',
        '      {',
        '        "file": "dts/host.dts",',
        '        "line": 3,',
        '        "column": 1,',
        '        "endLine": 3,',
        '        "endColumn": 6',
        '      },',
      ].join('\n'),
    );
    expect(Object.keys(parsed[1]!)).toEqual([
      'ruleId', 'level', 'message', 'messageId', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'chain', 'fingerprint', 'symptom',
    ]);
    expect(Object.keys(parsed[2]!)).toEqual([
      'ruleId', 'level', 'message', 'messageId', 'file', 'line', 'column', 'endLine', 'endColumn', 'related', 'fingerprint',
    ]);
    expect(parsed[2]!.related).toEqual([
      { message: 'first hidden statement', file: 'dts/host.dts', line: 9, column: 1, endLine: 9, endColumn: 8 },
    ]);
  });

  it('is byte-identical whatever order the findings come in', () => {
    expect(formatJson([...FINDINGS].reverse(), { cwd: CWD })).toBe(formatJson(FINDINGS, { cwd: CWD }));
  });

  it('writes an empty array for no findings', () => {
    expect(formatJson([], { cwd: CWD })).toBe('[]\n');
  });
});
