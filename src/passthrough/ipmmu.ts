/**
 * Which devices ipmmu-vmsa attaches (Linux 6.12 drivers/iommu/ipmmu-vmsa.c ipmmu_device_is_allowed,
 * called by ipmmu_of_xlate, which returns -ENODEV for the others: they get no IOMMU group).
 *
 * - SoCs of the families "R-Car Gen3", "R-Car Gen4" and "RZ/G2" (soc_needs_opt_in) opt devices in;
 *   every other SoC attaches all devices.
 * - On those, soc_denylist attaches nothing on r8a774a1, r8a7796 and r8a7795 revision ES2.*.
 * - Otherwise only PCI devices and the platform devices named in devices_allowlist (the SDHI
 *   controllers ee100000.mmc .. ee160000.mmc) are attached.
 * The family and soc_id come from drivers/soc/renesas/renesas-soc.c: soc_id is the root compatible
 * renesas_socs matched, after its comma; the revision is read from the PRR register at run time,
 * which dtlint cannot see.
 */

/** renesas_socs entries (root compatible after "renesas,") whose family needs opt-in. */
const OPT_IN_SOCS = new Set([
  // RZ/G2
  'r8a774a1',
  'r8a774b1',
  'r8a774c0',
  'r8a774e1',
  // R-Car Gen3
  'r8a7795',
  'r8a779m0',
  'r8a779m1',
  'r8a779m8',
  'r8a779mb',
  'r8a7796',
  'r8a77961',
  'r8a779m2',
  'r8a779m3',
  'r8a77965',
  'r8a779m4',
  'r8a779m5',
  'r8a77970',
  'r8a77980',
  'r8a77990',
  'r8a779m6',
  'r8a77995',
  'r8a779m7',
  // R-Car Gen4
  'r8a779a0',
  'r8a779f0',
  'r8a779g0',
  'r8a779h0',
]);

/** Other renesas_socs entries: a root compatible among them decides the soc_id too (no opt-in). */
const OTHER_RENESAS_SOCS = /^renesas,(r8a7|r7s|r9a|emev2|sh73a0)/;

export const IPMMU_ALLOWLIST: readonly string[] = ['ee100000.mmc', 'ee120000.mmc', 'ee140000.mmc', 'ee160000.mmc'];

export type IpmmuVerdict =
  | { allowed: true; soc?: string }
  /** Attached unless the SoC revision is denied (r8a7795 ES2.x): dtlint cannot see the revision. */
  | { allowed: 'unless-revision'; soc: string; revision: string }
  | { allowed: false; soc: string; why: 'soc-denylist' | 'not-on-allowlist' };

/** The soc_id renesas-soc.c gives a tree with these root compatibles (the first one its table matches). */
export function renesasSocId(rootCompatibles: readonly string[]): string | undefined {
  for (const c of rootCompatibles) {
    if (!c.startsWith('renesas,')) continue;
    const id = c.slice('renesas,'.length);
    if (OPT_IN_SOCS.has(id) || OTHER_RENESAS_SOCS.test(c)) return id;
  }
  return undefined;
}

/** ipmmu_device_is_allowed for a platform device named `sysfs` on a SoC with these root compatibles. */
export function ipmmuAllows(rootCompatibles: readonly string[], sysfs: string): IpmmuVerdict {
  const soc = renesasSocId(rootCompatibles);
  if (soc === undefined || !OPT_IN_SOCS.has(soc)) return soc === undefined ? { allowed: true } : { allowed: true, soc };
  if (soc === 'r8a774a1' || soc === 'r8a7796') return { allowed: false, soc, why: 'soc-denylist' };
  if (!IPMMU_ALLOWLIST.includes(sysfs)) return { allowed: false, soc, why: 'not-on-allowlist' };
  if (soc === 'r8a7795') return { allowed: 'unless-revision', soc, revision: 'ES2.*' };
  return { allowed: true, soc };
}
