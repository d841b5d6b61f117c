/**
 * One board through dtlint, judged against the cached cpp + dtc result. Runs inside a worker
 * thread (scripts/conformance/worker.ts) so that a hang or a crash costs one board, not the suite.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileDts, writeDtb, type Diagnostic, type SourceHost } from '../../../src/dts/index.js';
import { readReference, referenceDtbPath } from './reference.js';
import { firstToolError, sameErrorLine } from './tool-errors.js';

export type PassKind = 'bytes' | 'text' | 'both-fail';

export interface BoardResult {
  board: string;
  pass: boolean;
  /** How it passed: identical DTB bytes, equal after `dtc -I dtb -O dts`, or both fail at one line. */
  how?: PassKind;
  /** One line saying why it failed. */
  reason?: string;
  /** Further lines: a diff, a stack. */
  detail?: string[];
  /** dtlint's time for the board (compile + DTB). */
  ms: number;
}

const DIFF_LINES = 40;

export function checkBoard(root: string, refDir: string, board: string, host: SourceHost): BoardResult {
  const ref = readReference(refDir, board);
  if (!ref) return { board, pass: false, reason: 'no reference result (cache incomplete)', ms: 0 };
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const fail = (reason: string, detail?: string[]): BoardResult => ({
    board,
    pass: false,
    reason,
    ...(detail ? { detail } : {}),
    ms: elapsed(),
  });

  let dtb: Uint8Array | undefined;
  let firstError: Diagnostic | undefined;
  let fatal: string | undefined;
  try {
    const result = compileDts(join(root, board), { symbols: true, host });
    fatal = result.fatal;
    firstError = result.diagnostics.find((d) => d.severity === 'error');
    // The kernel passes `-b 0` (boot_cpuid_phys 0) rather than letting dtc guess it.
    if (result.tree && !fatal && !firstError) dtb = writeDtb(result.tree, { bootCpuid: 0 });
  } catch (e) {
    return fail(`dtlint threw: ${(e as Error).message ?? String(e)}`, stackLines(e));
  }
  const ms = elapsed();
  const failed = dtb === undefined;

  if (!ref.ok) {
    const tool = firstToolError(ref.stderr, ref.failed ?? 'dtc');
    const toolText = tool?.text ?? firstLine(ref.stderr);
    if (!failed) return fail(`${ref.failed} fails, dtlint succeeds: ${toolText}`);
    if (!tool || tool.file === undefined || tool.line === undefined) return { board, pass: true, how: 'both-fail', ms };
    if (!firstError) return fail(`first errors differ: ${toolText} | dtlint: ${fatal ?? 'no error diagnostic'}`);
    const sameFile = canonical(resolve(root, tool.file)) === canonical(resolve(firstError.at.file));
    if (sameFile && sameErrorLine(tool, firstError.at.line)) return { board, pass: true, how: 'both-fail', ms };
    return fail(`first errors differ: ${toolText} | dtlint: ${formatDiagnostic(firstError, root)}`);
  }

  if (failed) {
    return fail(`dtlint fails where dtc succeeds: ${fatal ?? (firstError ? formatDiagnostic(firstError, root) : 'no tree')}`);
  }
  const expected = readFileSync(referenceDtbPath(refDir, board));
  if (Buffer.compare(expected, dtb!) === 0) return { board, pass: true, how: 'bytes', ms };
  return compareDecoded(refDir, board, dtb!, ms, fail);
}

/** Different bytes may still be the same tree (header fields, string table order): compare as dtc prints them. */
function compareDecoded(
  refDir: string,
  board: string,
  dtb: Uint8Array,
  ms: number,
  fail: (reason: string, detail?: string[]) => BoardResult,
): BoardResult {
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-conf-'));
  try {
    const ours = join(tmp, 'dtlint.dtb');
    writeFileSync(ours, dtb);
    const decodedRef = join(refDir, `${board}.dts`);
    if (!existsSync(decodedRef)) writeFileSync(decodedRef, decode(referenceDtbPath(refDir, board)));
    let text: string;
    try {
      text = decode(ours);
    } catch (e) {
      return fail(`dtc cannot read dtlint's DTB: ${firstLine((e as { stderr?: string }).stderr ?? String(e))}`);
    }
    if (text === readFileSync(decodedRef, 'latin1')) return { board, pass: true, how: 'text', ms };
    const oursText = join(tmp, 'dtlint.dts');
    writeFileSync(oursText, text, 'latin1');
    return fail('DTB differs', unifiedDiff(decodedRef, oursText));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function decode(dtbPath: string): string {
  return execFileSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', dtbPath], {
    encoding: 'latin1',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The first lines of `diff -u dtc dtlint`. */
function unifiedDiff(expected: string, actual: string): string[] {
  let out: string;
  try {
    out = execFileSync('diff', ['-u', '--label', 'dtc', '--label', 'dtlint', expected, actual], { encoding: 'latin1', maxBuffer: 1 << 28 });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? String(e);
  }
  const lines = out.replace(/\n+$/, '').split('\n');
  const head = lines.slice(0, DIFF_LINES);
  if (lines.length > DIFF_LINES) head.push(`... (${lines.length - DIFF_LINES} more diff lines)`);
  return head;
}

function formatDiagnostic(d: Diagnostic, root: string): string {
  const file = resolve(d.at.file);
  const shown = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : d.at.file;
  return `${shown}:${d.at.line}:${d.at.column}: ${d.code}: ${d.message}`;
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '') ?? '';
}

function stackLines(e: unknown): string[] {
  const stack = e instanceof Error && e.stack ? e.stack : String(e);
  return stack.split('\n').slice(0, 12);
}
