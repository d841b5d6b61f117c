import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/lint/finding.js';
import { FINGERPRINT_KEY } from '../../src/lint/fingerprint.js';
import { defineRule } from '../../src/lint/rule.js';
import { DOCS_BASE_URL } from '../../src/report/project.js';
import { formatSarif, sarifSizeWarning, toSarif, SRCROOT } from '../../src/report/sarif.js';
import { CWD, FINDINGS, HOST } from './findings.js';

const RULES = [
  defineRule({ id: 'unresolved-reference', level: 'error', scope: 'source', summary: 'A reference names no label or path', messages: { m: 'x' }, check() {} }),
  defineRule({
    id: 'comment-swallows-code',
    level: 'warning',
    scope: 'source',
    summary: 'A block comment hides code',
    symptoms: ['the hidden override does not happen'],
    messages: { m: 'x' },
    check() {},
  }),
  defineRule({ id: 'iommu-group-incomplete', level: 'error', scope: 'pair', summary: 'All of an IOMMU group is passed', messages: { m: 'x' }, check() {} }),
  defineRule({ id: 'syntax-error', level: 'error', scope: 'source', summary: 'Syntax error', messages: { m: 'x' }, check() {} }),
];

const PAGE = [
  '# comment-swallows-code',
  '',
  '## What it finds',
  '',
  'A block comment that holds DTS statements',
  'written as live code.',
  '',
  '```dts',
  '/* &fec1 { */',
  '```',
  '',
  '## Why it breaks a real system',
  '',
  'cpp ends a comment at the first `*/`.',
  '',
].join('\n');

const base = { srcRoot: CWD, toolVersion: '1.2.3' };

describe('sarif', () => {
  const log = toSarif(FINDINGS, RULES, { ...base, ruleDocs: new Map([['comment-swallows-code', PAGE]]) });
  const run = log.runs[0]!;
  const byRule = (id: string) => run.results.find((r) => r.ruleId === id)!;

  it('has the driver with every rule, sorted, with GitHub required fields', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(run.tool.driver).toMatchObject({ name: 'dtlint', version: '1.2.3', semanticVersion: '1.2.3', informationUri: 'https://github.com/dtlint/dtlint' });
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['comment-swallows-code', 'iommu-group-incomplete', 'syntax-error', 'unresolved-reference']);
    for (const r of rules) {
      expect(r.shortDescription.text).not.toBe('');
      expect(r.fullDescription.text.length).toBeGreaterThan(0);
      expect(r.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(r.help.text).toContain(`${DOCS_BASE_URL}docs/rules/${r.id}.md`);
      expect(r.help.markdown).toContain(`(${DOCS_BASE_URL}docs/rules/${r.id}.md)`);
      expect(r.helpUri).toBe(`${DOCS_BASE_URL}docs/rules/${r.id}.md`);
    }
    const swallow = rules[0]!;
    expect(swallow).toMatchObject({
      name: 'CommentSwallowsCode',
      fullDescription: { text: 'A block comment that holds DTS statements written as live code.' },
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['devicetree', 'source'], symptoms: ['the hidden override does not happen'] },
    });
    expect(swallow.help.markdown).toMatch(/^## What it finds\n/);
    expect(rules[1]!.properties.tags).toEqual(['devicetree', 'passthrough']);
    // Without a docs page: the summary.
    expect(rules[3]!.fullDescription.text).toBe('A reference names no label or path.');
  });

  it('gives each result a rule index, level, %SRCROOT%-relative location and a full region', () => {
    expect(run.originalUriBaseIds[SRCROOT]).toEqual({ uri: 'file:///work/board/' });
    expect(run.results.map((r) => r.ruleId)).toEqual(['syntax-error', 'unresolved-reference', 'comment-swallows-code']);
    const [syntax, unresolved, comment] = run.results;
    expect(comment).toMatchObject({
      ruleId: 'comment-swallows-code',
      ruleIndex: 0,
      level: 'warning',
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'dts/host.dts', uriBaseId: SRCROOT }, region: { startLine: 7, startColumn: 1, endLine: 10, endColumn: 3 } } },
      ],
    });
    expect(unresolved!.ruleIndex).toBe(3);
    // Outside the source root: an absolute file URI without a base.
    expect(syntax!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/common.dtsi' });
  });

  it('links related locations from the message, by id', () => {
    const comment = byRule('comment-swallows-code');
    expect(comment.message.text).toBe('block comment hides `&lpcg { ... }`: that code is not active. See [first hidden statement](1).');
    expect(comment.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'first hidden statement' },
        physicalLocation: { artifactLocation: { uri: 'dts/host.dts', uriBaseId: SRCROOT }, region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 8 } },
      },
    ]);
  });

  it('writes the dependency chain as a code flow, the symptom into the message, our fingerprint', () => {
    const unresolved = byRule('unresolved-reference');
    expect(unresolved.message.text).toBe('Label or path smmu not found. At run time: vfio-platform refuses the device.');
    expect(unresolved.codeFlows![0]!.threadFlows[0]!.locations.map((l) => l.location.physicalLocation.region.startLine)).toEqual([3, 4]);
    expect(unresolved.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: 'fedcba9876543210fedcba9876543210' });
    for (const r of run.results) expect(Object.keys(r.partialFingerprints ?? {})).not.toContain('primaryLocationLineHash');
  });

  it('is deterministic and ends with a newline', () => {
    const a = formatSarif(FINDINGS, RULES, base);
    expect(formatSarif([...FINDINGS].reverse(), [...RULES].reverse(), base)).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('reports a failed run and files it could not read', () => {
    const failed = toSarif([], RULES, { ...base, notifications: [{ severity: 'fatal', message: 'cannot read dts/gone.dts', file: `${CWD}/dts/gone.dts` }] });
    expect(failed.runs[0]!.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: 'cannot read dts/gone.dts.' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'dts/gone.dts', uriBaseId: SRCROOT } } }] },
        ],
      },
    ]);
    expect(toSarif([], RULES, base).runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('keeps to GitHub limits: results (errors first) with a notification, related locations', () => {
    const many: Finding[] = Array.from({ length: 5 }, (_, i) => ({
      ...FINDINGS[0]!,
      level: i === 4 ? 'error' : 'warning',
      at: { ...FINDINGS[0]!.at, line: i + 1, endLine: i + 1 },
    }));
    const cut = toSarif(many, RULES, { ...base, maxResults: 3 }).runs[0]!;
    expect(cut.results.map((r) => [r.level, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['warning', 1],
      ['warning', 2],
      ['error', 5],
    ]);
    expect(cut.invocations[0]!.toolExecutionNotifications![0]!.message.text).toMatch(/^5 findings exceed GitHub code scanning's limit of 3 results per run/);

    const crowded: Finding = { ...FINDINGS[0]!, related: Array.from({ length: 1500 }, () => FINDINGS[0]!.related[0]!) };
    const result = toSarif([crowded], RULES, base).runs[0]!.results[0]!;
    expect(result.relatedLocations).toHaveLength(999);
    expect(result.message.text).toMatch(/\(10\) and 989 more\.$/);
  });

  it('escapes brackets in link text, encodes URIs, counts UTF-16 columns', () => {
    const odd: Finding = {
      ...FINDINGS[0]!,
      at: { file: `${CWD}/a b/x#1:2.dts`, line: 1, column: 9, endLine: 1, endColumn: 12 },
      related: [{ message: 'cells[0] \\ here', at: { file: HOST, line: 1, column: 1, endLine: 1, endColumn: 2 } }],
    };
    // "/* é */ &x;" read as latin1: é is two bytes, so byte column 9 is UTF-16 column 8.
    const text = Buffer.from('/* é */ &x;', 'utf8').toString('latin1');
    const result = toSarif([odd], RULES, { ...base, readSource: (f) => (f === odd.at.file ? text : undefined) }).runs[0]!.results[0]!;
    expect(result.message.text).toContain('[cells\\[0\\] \\\\ here](1)');
    expect(result.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'a%20b/x%231%3A2.dts', uriBaseId: SRCROOT },
      region: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 11 },
    });
  });

  it('warns when the gzipped log is over GitHub\'s 10 MB', () => {
    expect(sarifSizeWarning('{}')).toBeUndefined();
    expect(sarifSizeWarning('x'.repeat(1000), 10)).toMatch(/gzipped; GitHub code scanning rejects uploads over/);
  });
});
