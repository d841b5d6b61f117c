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

/** Lines at least this long have their hash prefix kept (see assignFingerprints). */
const LONG_LINE = 1024;

export function portablePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** Sets `fingerprint` on each finding (in place order does not matter: occurrences follow the sorted order). */
export function assignFingerprints(sorted: readonly Finding[], ctx: FingerprintContext): void {
  const seen = new Map<string, number>();
  // Many findings on one long line (a suppression naming thousands of rules) would each hash the
  // whole line: the hash state after `rule, path, line` is kept and copied for each message instead.
  const longLines = new Map<string, ReturnType<typeof sha256.create>>();
  for (const f of sorted) {
    let key: string;
    if (f.subject !== undefined) key = hash([f.ruleId, f.subject, f.message]);
    else {
      const text = (ctx.lineText(f.at.file, f.at.line) ?? '').trim();
      const about = `${portablePath(ctx.root, f.at.file)}\0${text}`;
      if (text.length < LONG_LINE) key = hash([f.ruleId, about, f.message]);
      else {
        const where = `${f.ruleId}\0${f.at.file}\0${f.at.line}`;
        let prefix = longLines.get(where);
        if (!prefix) {
          prefix = sha256.create().update(utf8ToBytes(`${f.ruleId}\0${about}\0`));
          longLines.set(where, prefix);
        }
        key = bytesToHex(prefix.clone().update(utf8ToBytes(f.message)).digest()).slice(0, 32);
      }
    }
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = n === 0 ? key : hash([key, String(n)]);
  }
}
