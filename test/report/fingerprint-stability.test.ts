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
});
