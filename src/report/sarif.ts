/**
 * `sarif`: SARIF 2.1.0 for GitHub code scanning (docs/github-action.md). One run: the driver with every
 * registered rule, one result per finding with a `%SRCROOT%`-relative location, related locations
 * linked from the message as `[text](id)` (the only way GitHub shows them), the dependency chain as a
 * code flow, and our own line-independent fingerprint. GitHub's limits are applied here (results
 * and locations are cut with a notification saying so); the 10 MB gzip limit is checked by
 * `sarifSizeWarning` on the finished text. Same findings, same bytes.
 */
import { createRequire } from 'node:module';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from '../dts/location.js';
import { sortFindings, type Finding, type Level } from '../lint/finding.js';
import { FINGERPRINT_KEY } from '../lint/fingerprint.js';
import type { AnyRule } from '../lint/rule.js';
import { PROJECT_URL } from './project.js';
import { ruleHelp, sentence, truncate, DESCRIPTION_LIMIT } from './rule-help.js';
import type * as S from './sarif-types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/** GitHub code scanning's upload limits ("SARIF support for code scanning"). */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  /** Locations per result; we count the primary location and the related ones. */
  locationsPerResult: 1_000,
  threadFlowLocationsPerResult: 10_000,
  gzippedBytes: 10 * 1024 * 1024,
};

/** Links written into one message; the rest of the related locations are still listed. */
const LINKS_IN_MESSAGE = 10;

export interface SarifNotification {
  severity: 'fatal' | 'warning';
  message: string;
  file?: string;
}

export interface SarifOptions {
  /** Relative URIs start here (the repository root): `%SRCROOT%`. Files outside get absolute file URIs. */
  srcRoot: string;
  toolVersion: string;
  /** Docs pages by rule id, for fullDescription and help; without one a rule's summary is used. */
  ruleDocs?: ReadonlyMap<string, string>;
  /** What went wrong with the run (files that could not be read): toolExecutionNotifications. */
  notifications?: readonly SarifNotification[];
  /** Default: true unless a notification is fatal. */
  executionSuccessful?: boolean;
  /**
   * Raw text of a file (latin1, as the front end reads it): when given, columns on lines with
   * non-ASCII bytes are converted from bytes to SARIF's UTF-16 code units.
   */
  readSource?: (file: string) => string | undefined;
  /** Overrides GitHub's limit on results (tests). */
  maxResults?: number;
}

export function formatSarif(findings: readonly Finding[], rules: readonly AnyRule[], options: SarifOptions): string {
  return JSON.stringify(toSarif(findings, rules, options), null, 2) + '\n';
}

export function toSarif(findings: readonly Finding[], rules: readonly AnyRule[], options: SarifOptions): S.Log {
  const descriptors = ruleDescriptors(rules, findings, options.ruleDocs);
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const locate = locator(options);
  const notifications = (options.notifications ?? []).map((n) => toolNotification(n, locate));

  const limit = options.maxResults ?? GITHUB_LIMITS.resultsPerRun;
  const kept = keepMostSevere(sortFindings(findings), limit);
  if (kept.length < findings.length)
    notifications.push({
      level: 'warning',
      message: {
        text: `${findings.length} findings exceed GitHub code scanning's limit of ${limit} results per run: the first ${limit} (errors first) are reported.`,
      },
    });

  const run: S.Run = {
    tool: {
      driver: {
        name: 'dtlint',
        fullName: 'dtlint devicetree linter',
        version: options.toolVersion,
        semanticVersion: options.toolVersion,
        informationUri: PROJECT_URL,
        rules: descriptors,
      },
    },
    invocations: [
      {
        executionSuccessful: options.executionSuccessful ?? !(options.notifications ?? []).some((n) => n.severity === 'fatal'),
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.srcRoot) } },
    columnKind: 'utf16CodeUnits',
    results: kept.map((f) => toResult(f, ruleIndex.get(f.ruleId), locate)),
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** GitHub rejects a file over 10 MB gzipped: a warning for stderr, or undefined when it fits. */
export function sarifSizeWarning(text: string, limit = GITHUB_LIMITS.gzippedBytes): string | undefined {
  // node:zlib loads only here: every other run would pay its loading at start-up (docs/performance.md).
  const { gzipSync } = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  const size = gzipSync(Buffer.from(text, 'utf8')).length;
  if (size <= limit) return undefined;
  return `SARIF output is ${(size / 1048576).toFixed(1)} MB gzipped; GitHub code scanning rejects uploads over ${(limit / 1048576).toFixed(0)} MB (lint fewer files or turn noisy rules off)`;
}

/** Every registered rule, sorted by id, plus any rule a finding names that the registry lacks. */
function ruleDescriptors(rules: readonly AnyRule[], findings: readonly Finding[], docs?: ReadonlyMap<string, string>): S.ReportingDescriptor[] {
  const known = new Map(rules.map((r) => [r.id, r]));
  const ids = [...new Set([...known.keys(), ...findings.map((f) => f.ruleId)])].sort(compareStrings);
  return ids.map((id) => {
    const rule = known.get(id) ?? { id, summary: id, docs: `docs/rules/${id}.md`, symptoms: [], level: 'error' as Level, scope: 'source' as const };
    const help = ruleHelp(rule, docs?.get(id));
    return {
      id,
      name: pascalCase(id),
      shortDescription: { text: truncate(rule.summary, DESCRIPTION_LIMIT) },
      fullDescription: { text: help.fullDescription },
      help: { text: help.text, markdown: help.markdown },
      helpUri: help.helpUri,
      // A rule that is off unless asked for: SARIF's reportingConfiguration says so with enabled.
      defaultConfiguration: rule.level === 'off' ? { enabled: false, level: 'warning' } : { level: rule.level },
      properties: {
        tags: ['devicetree', rule.scope === 'pair' ? 'passthrough' : 'source'],
        'problem.severity': rule.level === 'off' ? 'recommendation' : rule.level,
        ...(rule.symptoms.length > 0 ? { symptoms: [...rule.symptoms] } : {}),
      },
    };
  });
}

function toResult(f: Finding, ruleIndex: number | undefined, locate: Locator): S.Result {
  const related = f.related.slice(0, GITHUB_LIMITS.locationsPerResult - 1);
  const result: S.Result = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.level,
    message: { text: messageText(f, related.map((r) => r.message)) },
    locations: [{ physicalLocation: locate(f.at), ...logical(f.at) }],
  };
  if (related.length > 0)
    result.relatedLocations = related.map((r, i) => ({ id: i + 1, physicalLocation: locate(r.at), ...logical(r.at), message: { text: r.message } }));
  if (f.chain && f.chain.length > 0)
    result.codeFlows = [
      {
        message: { text: 'Dependency chain' },
        threadFlows: [{ locations: f.chain.slice(0, GITHUB_LIMITS.threadFlowLocationsPerResult).map((at) => ({ location: { physicalLocation: locate(at) } })) }],
      },
    ];
  if (f.fingerprint !== undefined) result.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  if (f.symptom !== undefined || f.foundThrough)
    result.properties = {
      ...(f.symptom !== undefined ? { symptom: f.symptom } : {}),
      // The boards a finding in a shared file was found through, as artifact URIs (relative to %SRCROOT% when inside it).
      ...(f.foundThrough ? { foundThrough: f.foundThrough.map((b) => locate.artifact(b).uri) } : {}),
    };
  return result;
}

/** The finding's message, its run-time symptom, and links to the first related locations (ids from 1). */
function messageText(f: Finding, related: readonly string[]): string {
  let text = f.message;
  if (f.symptom !== undefined) text = `${sentence(text)} At run time: ${f.symptom}`;
  if (related.length > 0) {
    const links = related.slice(0, LINKS_IN_MESSAGE).map((m, i) => `[${escapeLinkText(m)}](${i + 1})`);
    const more = related.length - links.length;
    text = `${sentence(text)} See ${links.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  }
  return sentence(text);
}

/** SARIF 3.11.6: in a plain-text link, `\`, `[` and `]` are escaped with a backslash. */
function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** With more findings than the limit, errors go first; the output keeps the usual order. */
function keepMostSevere(sorted: readonly Finding[], limit: number): Finding[] {
  if (sorted.length <= limit) return [...sorted];
  const rank = (f: Finding): number => (f.level === 'error' ? 0 : 1);
  const chosen = new Set(
    sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .slice(0, limit)
      .map((x) => x.f),
  );
  return sorted.filter((f) => chosen.has(f));
}

function toolNotification(n: SarifNotification, locate: Locator): S.Notification {
  return {
    level: n.severity === 'fatal' ? 'error' : 'warning',
    message: { text: sentence(n.message) },
    ...(n.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: locate.artifact(n.file) } }] } : {}),
  };
}

interface Locator {
  (at: Location): S.PhysicalLocation;
  artifact(file: string): S.ArtifactLocation;
}

/** A place in a DTB is known by its node path. */
function logical(at: Location): Pick<S.SarifLocation, 'logicalLocations'> {
  return at.nodePath ? { logicalLocations: [{ fullyQualifiedName: at.nodePath, kind: 'element' }] } : {};
}

function locator(options: SarifOptions): Locator {
  const lines = new Map<string, string[] | undefined>();
  const lineOf = (file: string, line: number): string | undefined => {
    if (!options.readSource) return undefined;
    if (!lines.has(file)) lines.set(file, options.readSource(file)?.split('\n'));
    return lines.get(file)?.[line - 1];
  };
  const artifact = (file: string): S.ArtifactLocation => {
    const rel = relative(options.srcRoot, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
    return { uri: rel.split(sep).map(encodeSegment).join('/'), uriBaseId: SRCROOT };
  };
  const locate = ((at: Location): S.PhysicalLocation => {
    const startLine = Math.max(1, at.line);
    const endLine = Math.max(startLine, at.endLine);
    const startColumn = utf16Column(lineOf(at.file, startLine), Math.max(1, at.column));
    let endColumn = utf16Column(lineOf(at.file, endLine), Math.max(1, at.endColumn));
    // An empty or inverted range on one line still marks one character, as code scanning needs.
    if (endLine === startLine && endColumn <= startColumn) endColumn = startColumn + 1;
    const region: S.Region = { startLine, startColumn, endLine, endColumn };
    if (at.nodePath !== undefined) {
      region.byteOffset = at.column - 1;
      region.byteLength = Math.max(1, at.endColumn - at.column);
    }
    return { artifactLocation: artifact(at.file), region };
  }) as Locator;
  locate.artifact = artifact;
  return locate;
}

/** A byte column (the front end's, dtc's) as UTF-16 code units, for lines with UTF-8 text. */
function utf16Column(lineText: string | undefined, byteColumn: number): number {
  if (lineText === undefined || !/[\u0080-\u00ff]/.test(lineText)) return byteColumn;
  const prefix = lineText.slice(0, byteColumn - 1);
  return Buffer.from(prefix, 'latin1').toString('utf8').length + (byteColumn - 1 - prefix.length) + 1;
}

/** A path segment as a URI segment: RFC 3986 pchar minus `:` (which would read as a scheme). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(2[146-9ABC]|3B|3D|40)/g, (e) => decodeURIComponent(e));
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** `unresolved-reference` → `UnresolvedReference`: SARIF's rule name, distinct from its id. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
