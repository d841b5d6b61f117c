/**
 * The seed's files (the i.MX 8QM Ethernet passthrough write-up), linted as a user would, against
 * Linux 6.12. Skipped, saying so, when the seed or the kernel sources are absent.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor, lint } from '../../src/lint/index.js';
import { formatJson } from '../../src/report/json.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const SEED = process.env.DTLINT_SEED ?? '/work/shared/seed';
const HOST = join(SEED, 'imx8qm-mek_conn-host.dts');
const GUEST = join(SEED, 'imx8qm-mek_conn-guest.dts');
const present = existsSync(HOST) && existsSync(join(KERNEL, 'include'));
if (!present) console.warn(`seed test skipped: needs ${HOST} and ${KERNEL}`);

const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));

function brief(file: string) {
  return lint([file], { includeDirs }).findings.map((f) => `${f.at.line}:${f.at.column} ${f.level} ${f.ruleId}: ${f.message}`);
}

(present ? describe : describe.skip)('seed files', () => {
  it('host: the open comment swallows three overrides; &sata is not in Linux 6.12 (dtc agrees)', () => {
    expect(brief(HOST)).toEqual([
      '124:1 warning comment-swallows-code: block comment hides `&enet0_lpcg { ... }`, `&enet1_lpcg { ... }`, `&lsio_mu2 { ... }`: that code is not active (the `/*` at 149:1 does not start a new comment; the first `*/` ends this one)',
      '164:1 error unresolved-reference: Label or path sata not found',
    ]);
  });

  it('guest: the comment swallows the platform bus ranges', () => {
    expect(brief(GUEST)).toEqual([
      '161:5 warning comment-swallows-code: block comment hides `ranges = <...>`: that code is not active (the `/*` at 167:5 does not start a new comment; the first `*/` ends this one)',
    ]);
  });

  it('gives byte-identical JSON on every run, and exit code 1', () => {
    const a = lint([HOST, GUEST], { includeDirs });
    const b = lint([GUEST, HOST], { includeDirs });
    expect(formatJson(a.findings, { cwd: SEED })).toBe(formatJson(b.findings, { cwd: SEED }));
    expect(exitCodeFor(a)).toBe(1);
  });
});
