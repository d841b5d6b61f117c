/**
 * The seed's files (the i.MX 8QM Ethernet passthrough write-up), linted as a user would, against
 * Linux 6.12. Skipped, saying so, when the seed or the kernel sources are absent.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor } from '../../src/lint/index.js';
import { lint } from '../../src/run/index.js';
import { formatJson } from '../../src/report/json.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const SEED = process.env.DTLINT_SEED ?? join(process.cwd(), 'fixtures/seed');
const HOST = join(SEED, 'imx8qm-mek_conn-host.dts');
const GUEST = join(SEED, 'imx8qm-mek_conn-guest.dts');
const present = existsSync(HOST) && existsSync(join(KERNEL, 'include'));
if (!present) console.warn(`seed test skipped: needs ${HOST} and ${KERNEL}`);

const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));

function brief(file: string) {
  return lint([file], { includeDirs }).findings.map((f) => `${f.at.line}:${f.at.column} ${f.level} ${f.ruleId}: ${f.message}`);
}

(present ? describe : describe.skip)('seed files', () => {
  it('host: the open comment swallows three overrides; &sata is not in Linux 6.12 (dtc agrees); usbotg3 has no iommus to delete', () => {
    // No dtc check: dtc stops at the unresolved &sata before its checks (dtlint's dtc rules do too).
    expect(brief(HOST)).toEqual([
      '124:1 warning comment-swallows-code: block comment hides `&enet0_lpcg { ... }`, `&enet1_lpcg { ... }`, `&lsio_mu2 { ... }`: that code is not active (the `/*` inside it does not start a new comment; the first `*/` ends this one)',
      '164:1 error unresolved-reference: Label or path sata not found',
      '169:5 warning delete-missing: /delete-property/ iommus deletes nothing: /bus@5b000000/usb@5b110000 has no property iommus at this point',
      '173:5 warning delete-missing: /delete-property/ iommus deletes nothing: /bus@5b000000/usb@5b110000/usb@5b120000 has no property iommus at this point',
    ]);
  });

  it('guest: the comment swallows the platform bus ranges, the bus interrupt-parent is a CPU, three deletions delete nothing', () => {
    expect(brief(GUEST)).toEqual([
      '155:1 error reg-not-translatable: /platform@c000000 has no ranges, so the reg of /platform@c000000/ethernet@5b040000, /platform@c000000/clock-controller@5b230000 and /platform@c000000/mailbox@5d1d0000 cannot be translated to CPU addresses: those devices get no MMIO resources',
      '157:2 warning interrupt-parent: interrupt-parent names /cpus/cpu@0, which is not an interrupt controller (no interrupt-controller or interrupt-map): Linux walks on up from /cpus/cpu@0 (of_irq_find_parent) and still maps the interrupts of /platform@c000000/ethernet@5b040000 and /platform@c000000/mailbox@5d1d0000 at /intc@8000000, but dtc warns and software that reads interrupt-parent as written finds no controller; point it at /intc@8000000 (phandle 0x8002)',
      '161:5 warning comment-swallows-code: block comment hides `ranges = <...>`: that code is not active (the `/*` inside it does not start a new comment; the first `*/` ends this one)',
      // dtc 1.6.1 reports these 7 on the guest: QEMU's dump writes phandles as numbers, and the bus's interrupt parent is a CPU.
      '468:4 warning gpios_property: /gpio-keys/poweroff:gpios: cell 0 is not a phandle reference',
      '477:3 warning clocks_property: /pl061@9030000:clocks: cell 0 is not a phandle reference',
      '503:3 warning clocks_property: /pl031@9010000:clocks: cell 0 is not a phandle reference',
      '511:3 warning clocks_property: /pl011@9000000:clocks: cell 0 is not a phandle reference',
      '511:3 warning clocks_property: /pl011@9000000:clocks: cell 1 is not a phandle reference',
      // dtc reports the CPU once per consumer of the bus's interrupt parent: at each consumer's interrupts.
      '602:5 warning interrupts_property: /cpus/cpu@0: Missing interrupt-controller or interrupt-map property',
      '606:5 warning delete-missing: /delete-property/ iommus deletes nothing: /platform@c000000/ethernet@5b040000 has no property iommus at this point',
      '642:5 warning delete-missing: /delete-property/ iommus deletes nothing: /platform@c000000/clock-controller@5b230000 has no property iommus at this point',
      '651:5 warning interrupts_property: /cpus/cpu@0: Missing interrupt-controller or interrupt-map property',
      '652:5 warning delete-missing: /delete-property/ iommus deletes nothing: /platform@c000000/mailbox@5d1d0000 has no property iommus at this point',
    ]);
  });

  it('gives byte-identical JSON on every run, and exit code 1', () => {
    const a = lint([HOST, GUEST], { includeDirs });
    const b = lint([GUEST, HOST], { includeDirs });
    expect(formatJson(a.findings, { cwd: SEED })).toBe(formatJson(b.findings, { cwd: SEED }));
    expect(exitCodeFor(a)).toBe(1);
  });
});
