/**
 * `dtlintFingerprint/v1`: a finding's identity that survives line shifts, for SARIF's
 * partialFingerprints (a baseline counts per file and rule instead: baseline.ts). It hashes the
 * rule, what the finding is about (node path and property when the rule knows them, else the file
 * and the trimmed text of the finding's first line) and the message; never line numbers. Identical findings get an occurrence number so that each stays distinct.
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
 * another place by position would otherwise change the fingerprint whenever lines move.
 */
export function withoutPositions(message: string): string {
  return message.replace(/(?:[\w./-]+:)?\d+:\d+\b/g, '#');
}

export function portablePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** Sets `fingerprint` on each finding (in place order does not matter: occurrences follow the sorted order). */
export function assignFingerprints(sorted: readonly Finding[], ctx: FingerprintContext): void {
  const seen = new Map<string, number>();
  for (const f of sorted) {
    // A DTB has no lines: its node path says what the finding is about.
    const about = f.subject ?? `${portablePath(ctx.root, f.at.file)}\0${f.at.nodePath ?? (ctx.lineText(f.at.file, f.at.line) ?? '').trim()}`;
    const key = hash([f.ruleId, about, withoutPositions(f.message)]);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = n === 0 ? key : hash([key, String(n)]);
  }
}
