/**
 * `dtlintFingerprint/v1`: a finding's identity that survives line shifts, for baselines and SARIF's
 * partialFingerprints. It hashes the rule, what the finding is about (node path and property when the
 * rule knows them, else the file and the trimmed text of the finding's first line) and the message;
 * never line numbers. Identical findings get an occurrence number so that each stays distinct.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { relative, sep } from 'node:path';
import type { Finding } from './finding.js';

export const FINGERPRINT_KEY = 'dtlintFingerprint/v1';

export interface FingerprintContext {
  /** Paths are hashed relative to this dir (the config file's dir or the working dir), so CI and laptops agree. */
  root: string;
  /** The text of a line of a file, when it can be read. */
  lineText(file: string, line: number): string | undefined;
}

/**
 * SHA-256, hex, first 32 digits. @noble/hashes rather than node:crypto: loading node:crypto costs
 * every run its set-up (a large part of a small board's lint, docs/performance.md) for a few dozen short hashes.
 */
function hash(parts: readonly string[]): string {
  return bytesToHex(sha256(utf8ToBytes(parts.join('\0')))).slice(0, 32);
}

/**
 * The message with every `line:col` (and `file:line:col`) it quotes taken out: a rule that names
 * another place by position would otherwise change the fingerprint whenever lines move. The same as
 * `message.replace(/(?:[\w./-]+:)?\d+:\d+\b/g, '#')` (test/lint/fingerprint.test.ts compares them),
 * scanned once: the regular expression backtracks over the rest of a run of name characters from
 * each start inside it, the square of its length (a 4,000-digit number quoted in 100 messages: 4 s).
 */
export function withoutPositions(message: string): string {
  const n = message.length;
  let out = '';
  let copied = 0;
  let pos = 0;
  while (pos < n) {
    if (!isNameChar(message.charCodeAt(pos))) {
      pos++;
      continue;
    }
    // A run of [\w./-] from pos to end; a position can only follow it as `:digits`.
    let end = pos;
    while (end < n && isNameChar(message.charCodeAt(end))) end++;
    let matchEnd = -1;
    let matchStart = pos;
    if (end < n && message.charCodeAt(end) === COLON) {
      const d1 = digitsEnd(message, end + 1);
      if (d1 > end + 1) {
        // file:line:col, the run being the file.
        if (d1 < n && message.charCodeAt(d1) === COLON) {
          const d2 = digitsEnd(message, d1 + 1);
          if (d2 > d1 + 1 && !isWordChar(message.charCodeAt(d2))) matchEnd = d2;
        }
        // line:col, the line being the digits the run ends with.
        if (matchEnd < 0 && !isWordChar(message.charCodeAt(d1))) {
          let start = end;
          while (start > pos && isDigit(message.charCodeAt(start - 1))) start--;
          if (start < end) {
            matchStart = start;
            matchEnd = d1;
          }
        }
      }
    }
    if (matchEnd < 0) {
      pos = end + 1;
      continue;
    }
    out += message.slice(copied, matchStart) + '#';
    copied = pos = matchEnd;
  }
  return copied === 0 ? message : out + message.slice(copied);
}

const COLON = 0x3a;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** \w; NaN (past the end) is not. */
function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** [\w./-] */
function isNameChar(c: number): boolean {
  return isWordChar(c) || c === 0x2e || c === 0x2f || c === 0x2d;
}

function digitsEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

/** Lines at least this long have their hash prefix kept (see assignFingerprints). */
const LONG_LINE = 1024;

export function portablePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** From this many findings on, node:crypto's SHA-256 (its load cost pays for itself): noble's takes ~20 µs a hash. */
const MANY_FINDINGS = 2000;

type Crypto = typeof import('node:crypto');

/** Sets `fingerprint` on each finding (in place order does not matter: occurrences follow the sorted order). */
export function assignFingerprints(sorted: readonly Finding[], ctx: FingerprintContext): void {
  const seen = new Map<string, number>();
  let crypto = sorted.length >= MANY_FINDINGS ? (process.getBuiltinModule('node:crypto') as Crypto) : undefined;
  const one = crypto ? (parts: readonly string[]): string => crypto!.createHash('sha256').update(parts.join('\0'), 'utf8').digest('hex').slice(0, 32) : hash;
  // Many findings on one long line (a suppression naming thousands of rules) would each hash the
  // whole line: the hash state after `rule, path, line` is kept (node:crypto's, which can be copied)
  // and copied for each message instead.
  const longLines = new Map<string, ReturnType<Crypto['createHash']>>();
  const paths = new Map<string, string>();
  for (const f of sorted) {
    const message = withoutPositions(f.message);
    let key: string;
    if (f.subject !== undefined) key = one([f.ruleId, f.subject, message]);
    else {
      const where = `${f.ruleId}\0${f.at.file}\0${f.at.line}`;
      let prefix = longLines.get(where);
      if (prefix) key = prefix.copy().update(message, 'utf8').digest('hex').slice(0, 32);
      else {
        let path = paths.get(f.at.file);
        if (path === undefined) paths.set(f.at.file, (path = portablePath(ctx.root, f.at.file)));
        // A DTB has no lines: its node path says what the finding is about.
        const text = f.at.nodePath ?? (ctx.lineText(f.at.file, f.at.line) ?? '').trim();
        const about = `${path}\0${text}`;
        if (text.length < LONG_LINE) key = one([f.ruleId, about, message]);
        else {
          crypto ??= process.getBuiltinModule('node:crypto') as Crypto;
          prefix = crypto.createHash('sha256').update(`${f.ruleId}\0${about}\0`, 'utf8');
          longLines.set(where, prefix);
          key = prefix.copy().update(message, 'utf8').digest('hex').slice(0, 32);
        }
      }
    }
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = n === 0 ? key : one([key, String(n)]);
  }
}
