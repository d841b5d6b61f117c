/**
 * The built binary's SARIF, end to end: the bundled example pair and the seed case are written with
 * `node bin/dtlint.js --format sarif -o FILE`, then checked three ways: the OASIS SARIF 2.1.0 JSON
 * schema (ajv, test/schemas/), Microsoft's official validator (`sarif-multitool validate` with its
 * SARIF and GitHub ingestion rules; skipped, saying so, where its binary cannot run), and GitHub code
 * scanning's required fields and limits. Fingerprints must survive lines inserted above a finding.
 * Needs `npm run build` first (npm test does it).
 */
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as S from '../../src/report/sarif-types.js';
import { FINGERPRINT_KEY } from '../../src/lint/fingerprint.js';

const REPO = resolve('.');
const BIN = join(REPO, 'bin', 'dtlint.js');
const EXAMPLE = join(REPO, 'fixtures', 'example');
const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const SEED = join(process.env.DTLINT_SEED ?? join(process.cwd(), 'fixtures/seed'), 'imx8qm-mek_conn-host.dts');
const seedPresent = existsSync(SEED) && existsSync(join(KERNEL, 'include'));
if (!seedPresent) console.warn(`SARIF seed case skipped: needs ${SEED} and ${KERNEL}`);

const tmp = mkdtempSync(join(tmpdir(), 'dtlint-sarif-'));

/** Runs the built CLI; returns the SARIF it wrote with -o. */
function lintToSarif(name: string, args: string[], cwd = REPO): { path: string; log: S.Log; status: number | null; stderr: string } {
  const path = join(tmp, `${name}.sarif`);
  const run = spawnSync(process.execPath, [BIN, '--format', 'sarif', '-o', path, ...args], { cwd, encoding: 'utf8' });
  if (!existsSync(path)) throw new Error(`dtlint wrote no SARIF (exit ${run.status}): ${run.stderr}`);
  return { path, log: JSON.parse(readFileSync(path, 'utf8')) as S.Log, status: run.status, stderr: run.stderr };
}

/** The OASIS schema is draft-04; ajv 8 reads it as draft-07 once its `id` is `$id` (no other draft-04-only keyword is used). */
function schemaValidator() {
  const schema = JSON.parse(readFileSync(join(REPO, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The three formats the schema names, checked as RFC 3986 / RFC 3339 shapes (ajv-formats is not a dependency).
  ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  return ajv.compile({ ...rest, $id: String(id) });
}

/** GitHub code scanning's required fields ("SARIF support for code scanning") and limits. */
function githubProblems(log: S.Log): string[] {
  const problems: string[] = [];
  if (!log.$schema || log.version !== '2.1.0') problems.push('$schema/version');
  for (const [r, run] of log.runs.entries()) {
    const driver = run.tool.driver;
    if (!driver.name) problems.push(`runs[${r}]: driver name`);
    if (driver.rules.length > 25_000) problems.push('more than 25,000 rules');
    for (const rule of driver.rules) {
      if (!rule.id || !rule.shortDescription.text || !rule.fullDescription.text || !rule.help.text) problems.push(`rule ${rule.id}: required field`);
      if (rule.fullDescription.text.length > 1024 || rule.shortDescription.text.length > 1024) problems.push(`rule ${rule.id}: description over 1024`);
      if ((rule.name ?? '').length > 255) problems.push(`rule ${rule.id}: name over 255`);
      if (rule.properties.tags.length > 20) problems.push(`rule ${rule.id}: over 20 tags`);
    }
    if (run.results.length > 25_000) problems.push('more than 25,000 results');
    for (const [i, result] of run.results.entries()) {
      const where = `runs[${r}].results[${i}]`;
      if (!result.message.text) problems.push(`${where}: message.text`);
      const loc = result.locations[0]?.physicalLocation;
      if (!loc?.artifactLocation.uri) problems.push(`${where}: location uri`);
      const region = loc?.region;
      if (!region || [region.startLine, region.startColumn, region.endLine, region.endColumn].some((n) => !Number.isInteger(n) || n < 1))
        problems.push(`${where}: region needs start/end line and column`);
      if (result.locations.length + (result.relatedLocations?.length ?? 0) > 1000) problems.push(`${where}: over 1,000 locations`);
      if (!result.partialFingerprints?.[FINGERPRINT_KEY]) problems.push(`${where}: no ${FINGERPRINT_KEY}`);
      if (result.partialFingerprints && 'primaryLocationLineHash' in result.partialFingerprints) problems.push(`${where}: primaryLocationLineHash is upload-sarif's`);
      if (result.ruleIndex === undefined || driver.rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`${where}: ruleIndex`);
      // Related locations are shown only when the message links them by id.
      for (const related of result.relatedLocations ?? []) if (!result.message.text.includes(`](${related.id})`) && related.id! <= 10) problems.push(`${where}: related ${related.id} not linked`);
    }
  }
  return problems;
}

/** `sarif-multitool`'s binary when it runs on this machine (it is a self-contained .NET build per OS/arch). */
function multitool(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    return spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0 ? binary : undefined;
  } catch {
    return undefined;
  }
}

const MULTITOOL = multitool();
if (!MULTITOOL) console.warn('sarif-multitool validation skipped: @microsoft/sarif-multitool has no runnable binary here (the ajv schema check still runs)');

/** Errors and warnings of the official validator (its SARIF rules and GitHub's ingestion rules), one run for all files. */
function multitoolProblems(paths: readonly string[]): string[] {
  const out = join(tmp, 'validation.sarif');
  const run = spawnSync(MULTITOOL!, ['validate', ...paths, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', '-o', out, '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    timeout: 120_000,
    // Its SARIF2006 (a note) fetches every helpUri: an unreachable proxy makes that fail at once, offline.
    env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' },
  });
  if (run.status !== 0 || !existsSync(out)) return [`sarif-multitool exited ${run.status}: ${run.stdout}${run.stderr}`];
  type Validation = { ruleId: string; level?: string; message: { text?: string; arguments?: string[] }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] };
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: Validation[] }[] };
  return (log.runs[0]?.results ?? []).map(
    (r) => `${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''}: ${r.level ?? 'warning'} ${r.ruleId}: ${r.message.text ?? (r.message.arguments ?? []).join(' | ')}`,
  );
}

const validate = schemaValidator();

/** Files for the official validator, which runs once over all of them (it takes a second to start). */
const written: string[] = [];

function expectValid(path: string, log: S.Log): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  expect(githubProblems(log)).toEqual([]);
  written.push(path);
}

describe('SARIF from the built binary', () => {
  it('bundled example pair: valid, with findings in repository-relative files', () => {
    const { path, log, status } = lintToSarif('example', ['fixtures/example/host.dts', 'fixtures/example/guest.dts']);
    expect([0, 1]).toContain(status);
    expectValid(path, log);
    const run = log.runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    const comment = run.results.find((r) => r.ruleId === 'comment-swallows-code')!;
    expect(comment.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/example/host.dts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 40, startColumn: 1, endLine: 47, endColumn: 4 },
    });
    expect(comment.message.text).toContain('[first hidden statement](1)');
  });

  it('a DTB: valid, its finding located by bytes and by node path', () => {
    const { path, log, status } = lintToSarif('dtb', ['fixtures/dtb/board.dtb']);
    expect(status).toBe(1);
    expectValid(path, log);
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'raw-phandle')!;
    expect(result.locations[0]!.logicalLocations).toEqual([{ fullyQualifiedName: '/dev@2000:clocks', kind: 'element' }]);
    const region = result.locations[0]!.physicalLocation.region;
    expect(region).toMatchObject({ startLine: 1, startColumn: region.byteOffset! + 1, byteLength: 4 });
  });

  (seedPresent ? it : it.skip)('seed case (i.MX 8QM host against Linux 6.12): valid', () => {
    const includes = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].flatMap((d) => ['-I', join(KERNEL, d)]);
    const { path, log, status } = lintToSarif('seed', [...includes, SEED]);
    expect(status).toBe(1);
    expectValid(path, log);
    const ids = log.runs[0]!.results.map((r) => r.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['comment-swallows-code', 'unresolved-reference']));
  });

  it('an unreadable file: a valid log with executionSuccessful false and a notification, exit 2', () => {
    const { path, log, status, stderr } = lintToSarif('missing', ['fixtures/example/host.dts', 'fixtures/example/no-such-board.dts']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^dtlint: .*no-such-board\.dts/m);
    expectValid(path, log);
    const invocation = log.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications![0]).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'fixtures/example/no-such-board.dts' } } }] });
  });

  it('fingerprints survive lines inserted above the findings', () => {
    const dir = join(tmp, 'shifted');
    cpSync(EXAMPLE, dir, { recursive: true });
    const boards = ['host.dts', 'guest.dts'];
    const before = lintToSarif('before', boards, dir).log.runs[0]!.results;
    for (const b of boards) {
      const lines = readFileSync(join(dir, b), 'latin1').split('\n');
      writeFileSync(join(dir, b), [lines[0], '/* three lines', ' * pushed in', ' */', ...lines.slice(1)].join('\n'), 'latin1');
    }
    const after = lintToSarif('after', boards, dir).log.runs[0]!.results;
    const key = (r: S.Result) => `${r.ruleId} ${r.partialFingerprints![FINGERPRINT_KEY]}`;
    expect(before.length).toBeGreaterThan(0);
    expect(after.map(key)).toEqual(before.map(key));
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 3));
  });

  it('is byte-identical run to run', () => {
    const a = readFileSync(lintToSarif('again-1', ['fixtures/example/guest.dts', 'fixtures/example/host.dts']).path, 'utf8');
    const b = readFileSync(lintToSarif('again-2', ['fixtures/example/host.dts', 'fixtures/example/guest.dts']).path, 'utf8');
    expect(a).toBe(b);
  });

  (MULTITOOL ? it : it.skip)('the official validator (sarif-multitool validate, SARIF and GitHub rules) finds no error or warning in them', () => {
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(multitoolProblems(written)).toEqual([]);
  });

  it('cleans up', () => {
    expect(readdirSync(tmp).length).toBeGreaterThan(0);
    rmSync(tmp, { recursive: true, force: true });
  });
});
