/**
 * Fingerprints survive edits that only move lines: code scanning keeps an alert open across commits
 * instead of closing it and opening a new one. Three lines inserted above the seed guest's comments
 * (whose comment-swallows-code findings name another `/*` of the file) change no fingerprint.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../src/run/index.js';
import { withoutPositions } from '../../src/lint/fingerprint.js';

const GUEST = join(process.cwd(), 'fixtures/seed/imx8qm-mek_conn-guest.dts');
const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const present = existsSync(join(KERNEL, 'include/dt-bindings'));
if (!present) console.warn(`fingerprint stability test skipped: the seed guest needs ${KERNEL}`);
const includeDirs = ['scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));

function fingerprints(text: string): Array<[string, string]> {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-fp-'));
  const file = join(dir, 'guest.dts');
  writeFileSync(file, text);
  return lint([file], { cwd: dir, includeDirs }).findings.map((f) => [f.ruleId, f.fingerprint ?? '']);
}

describe('fingerprints', () => {
  (present ? it : it.skip)('do not change when lines are inserted above the findings', () => {
    const text = readFileSync(GUEST, 'latin1');
    const before = fingerprints(text);
    const firstNewline = text.indexOf('\n') + 1;
    const after = fingerprints(text.slice(0, firstNewline) + '/* a */\n\n/* b */\n' + text.slice(firstNewline));
    expect(before.some(([rule]) => rule === 'comment-swallows-code')).toBe(true);
    expect(after).toEqual(before);
  });

  it('hash messages without the positions they quote', () => {
    expect(withoutPositions('the `/*` at 167:5 and guest.dts:12:3 (phandle 0x8001)')).toBe('the `/*` at # and # (phandle 0x8001)');
  });

  it('take positions out as the regular expression they replace does, in one pass', () => {
    // The scanner replaced this expression, which backtracked quadratically on long runs (fuzz case 3444).
    const byRegExp = (m: string): string => m.replace(/(?:[\w./-]+:)?\d+:\d+\b/g, '#');
    const alphabet = ['1', '2', '0', ':', ':', ':', 'a', '_', '.', '/', '-', ' ', '@', 'x'];
    let state = 18;
    const next = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const differ: string[] = [];
    for (let k = 0; k < 20000; k++) {
      let m = '';
      for (let len = next(16); len > 0; len--) m += alphabet[next(alphabet.length)];
      if (withoutPositions(m) !== byRegExp(m)) differ.push(m);
    }
    expect(differ).toEqual([]);
    const long = `${'f'.repeat(200000)} ${'9'.repeat(200000)}:1`;
    expect(withoutPositions(long)).toBe(`${'f'.repeat(200000)} #`);
  });
});
