/**
 * What keeps a passed device's clocks running on the host once vfio-platform owns the device.
 *
 * vfio-platform enables no clocks: vfio_platform_open_device (drivers/vfio/platform/
 * vfio_platform_common.c) takes a runtime PM reference (pm_runtime_get_sync) and nothing else. So a
 * clock runs only if a host driver holds it, if the device's PM domain turns it on under runtime PM
 * (genpd with GENPD_FLAG_PM_CLK: the domain's attach_dev puts the device's clocks on its pm_clk list,
 * and genpd_runtime_resume calls pm_clk_resume), or if the bootloader left it on and
 * clk_disable_unused (drivers/clk/clk.c, late_initcall_sync) leaves it alone.
 *
 * Which providers clk_disable_unused can gate is the provider driver's business; dtlint knows the few
 * read below and says nothing about the others.
 */
import { compatibles, getProperty } from '../dts/query.js';
import type { Cell, Node } from '../dts/tree.js';
import { bindingById } from '../graph/bindings.js';
import { splitList, type ListEntry, type SplitContext } from '../graph/split.js';
import { cellNumber, propertyCells } from '../graph/tree-access.js';

/** include/dt-bindings/clock/renesas-cpg-mssr.h */
const CPG_MOD = 1;

/** What clk_disable_unused can do to a provider's clock. */
export type ClockGating =
  /** A gate whose state the clock framework reads (an is_enabled op): gated at late boot when unused. */
  | 'gates'
  /** A fixed rate: nothing to gate. */
  | 'fixed'
  /** A gate without is_enabled/is_prepared: clk_disable_unused sees it as off and leaves it as it is. */
  | 'untracked'
  /** A provider dtlint has not read. */
  | 'unknown';

interface ProviderRow {
  test: (compatible: string) => boolean;
  gating: (args: readonly Cell[]) => ClockGating;
  /** The driver and the ops that decide, for the docs and messages. */
  driver: string;
}

/**
 * Providers read in Linux 6.12. A clock whose provider is not here is not reported: dtlint cannot
 * tell whether it is a gate the framework can read.
 */
const PROVIDERS: readonly ProviderRow[] = [
  { test: (c) => c === 'fixed-clock', gating: () => 'fixed', driver: 'clk-fixed-rate.c (no enable ops)' },
  // i.MX 8M CCM: the *_ROOT gates are clk-gate2 (clk_gate2_is_enabled), the composites clk_gate_ops.
  { test: (c) => /^fsl,imx8m[mnpq]-ccm$/.test(c), gating: () => 'gates', driver: 'drivers/clk/imx/clk-imx8m*.c (clk_gate2_ops, clk_gate_ops)' },
  // Allwinner sunxi-ng: ccu_gate_ops, ccu_mp_ops, ccu_div_ops ... all read the gate bit (ccu_gate_helper_is_enabled).
  { test: (c) => /^allwinner,sun[0-9a-z]+i-[a-z0-9]+-(r-)?ccu$/.test(c), gating: () => 'gates', driver: 'drivers/clk/sunxi-ng (ccu_gate_helper_is_enabled)' },
  // Rockchip CRU: consumer clocks are GATE() or composites with a gate (clk_gate_ops).
  { test: (c) => /^rockchip,[a-z0-9]+-cru$/.test(c), gating: () => 'gates', driver: 'drivers/clk/rockchip/clk.c (clk_gate_ops)' },
  // Renesas CPG/MSSR: module clocks are MSTP gates (cpg_mstp_clock_is_enabled); core clocks are
  // mostly dividers (cpg_sdh_clk_register: clk_register_divider_table), which dtlint does not tell apart.
  {
    test: (c) => /^renesas,r8a[0-9a-z]+-cpg-mssr$/.test(c),
    gating: (args) => (args.length === 2 && cellNumber(args[0]!) === CPG_MOD ? 'gates' : 'unknown'),
    driver: 'drivers/clk/renesas/renesas-cpg-mssr.c (cpg_mstp_clock_ops)',
  },
  // RZ/G2L, RZ/V2H CPG: module clocks are gates (rzg2l_mod_clock_is_enabled, rzv2h_mod_clock_is_enabled).
  {
    test: (c) => /^renesas,r9a0[0-9a-z]+-cpg$/.test(c),
    gating: (args) => (args.length === 2 && cellNumber(args[0]!) === CPG_MOD ? 'gates' : 'unknown'),
    driver: 'drivers/clk/renesas/rzg2l-cpg.c, rzv2h-cpg.c (rzg2l_mod_clock_ops, rzv2h_mod_clock_ops)',
  },
  // i.MX 8 SCU clocks (clk_scu_ops: prepare/unprepare, no is_prepared) and LPCG gates
  // (clk_lpcg_scu_ops: enable/disable, no is_enabled): clk_disable_unused reads their counts, 0.
  { test: (c) => c === 'fsl,scu-clk' || /^fsl,imx8(qm|qxp|dxl)-clk$/.test(c), gating: () => 'untracked', driver: 'drivers/clk/imx/clk-scu.c (no is_prepared)' },
  { test: (c) => /^fsl,imx8qxp-lpcg(-[a-z]+)?$/.test(c), gating: () => 'untracked', driver: 'drivers/clk/imx/clk-lpcg-scu.c (no is_enabled)' },
];

export interface ClockSource {
  /** The provider whose clock it finally is (after fixed-factor-clock parents). */
  provider: Node;
  args: readonly Cell[];
  gating: ClockGating;
}

/**
 * What a `clocks` entry comes down to: a fixed-factor-clock passes enable on to its parent
 * (clk_fixed_factor has no gate, so clk_disable_unused gates the parent when no one uses it), so its
 * first `clocks` entry is followed.
 */
export function clockSource(entry: ListEntry, ctx: SplitContext): ClockSource | undefined {
  let provider = entry.provider;
  let args: readonly Cell[] = entry.args;
  const binding = bindingById('clocks')!;
  // Bounded: a loop of fixed factors is a broken tree, not a chain to follow for ever.
  for (let hops = 0; provider && hops < 16; hops++) {
    const compat = compatibles(provider);
    if (!compat.includes('fixed-factor-clock')) {
      if (clockCritical(provider, args)) return { provider, args, gating: 'untracked' };
      const row = PROVIDERS.find((r) => compat.some(r.test));
      return { provider, args, gating: row ? row.gating(args) : 'unknown' };
    }
    const prop = getProperty(provider, 'clocks');
    const parent = prop ? splitList(provider, prop, binding, ctx).entries[0] : undefined;
    if (!parent || parent.problem || parent.empty) return undefined;
    provider = parent.provider;
    args = parent.args;
  }
  return undefined;
}

/** `clock-critical` on a legacy provider (of_clk_detect_critical: CLK_IS_CRITICAL for those indices). */
function clockCritical(provider: Node, args: readonly Cell[]): boolean {
  const prop = getProperty(provider, 'clock-critical');
  const cells = prop ? propertyCells(prop) : undefined;
  if (!cells) return false;
  const index = args.length > 0 ? cellNumber(args[0]!) : 0;
  return cells.some((c) => cellNumber(c) === index);
}

/** A PM domain that turns some of the device's clocks on while it is runtime-active. */
export interface ClockDomain {
  /** The power-domains provider. */
  domain: Node;
  /** The indices of the device's `clocks` entries it manages. */
  managed: ReadonlySet<number>;
  /** The attach function that decides, for messages. */
  attach: string;
}

/**
 * The device's clock-managing PM domain, if it has one. genpd_dev_pm_attach (drivers/pmdomain/core.c)
 * attaches a device only when `power-domains` has exactly one entry; with several, the platform bus
 * attaches none, and no pm_clk list is made.
 */
export function clockDomain(node: Node, clocks: readonly ListEntry[], ctx: SplitContext): ClockDomain | undefined {
  const prop = getProperty(node, 'power-domains');
  if (!prop) return undefined;
  const entries = splitList(node, prop, bindingById('power-domains')!, ctx).entries;
  if (entries.length !== 1 || entries[0]!.problem || !entries[0]!.provider) return undefined;
  const domain = entries[0]!.provider;
  const compat = compatibles(domain);
  const isModule = (e: ListEntry): boolean => e.args.length === 2 && cellNumber(e.args[0]!) === CPG_MOD;
  const isCpgMssr = (n: Node | undefined): boolean => n !== undefined && compatibles(n).some((c) => /^renesas,r8a[0-9a-z]+-cpg-mssr$/.test(c));
  const indices = (pick: (e: ListEntry) => boolean, firstOnly: boolean): Set<number> => {
    const out = new Set<number>();
    for (const e of clocks) {
      if (e.problem || e.empty || !pick(e)) continue;
      out.add(e.index);
      if (firstOnly) break;
    }
    return out;
  };
  // rockchip_pd_attach_dev: every clock of the node (of_clk_get for each index) goes on the pm_clk list.
  if (compat.some((c) => /^rockchip,[a-z0-9]+-power-controller$/.test(c))) {
    return { domain, managed: indices(() => true, false), attach: 'rockchip_pd_attach_dev' };
  }
  // R-Car SYSC I/O domains (rcar_sysc_pd_setup, rcar_gen4_sysc_pd_setup) and the CPG/MSSR clock domain
  // itself: cpg_mssr_attach_dev adds the first CPG/MSSR module clock only.
  if (compat.some((c) => /^renesas,r8a[0-9a-z]+-sysc$/.test(c)) || isCpgMssr(domain)) {
    return { domain, managed: indices((e) => isCpgMssr(e.provider) && isModule(e), true), attach: 'cpg_mssr_attach_dev' };
  }
  // RZ/G2L, RZ/V2H CPG: rzg2l_cpg_attach_dev / rzv2h_cpg_attach_dev add every module clock of the CPG
  // (but those on the driver's no-PM list, which dtlint cannot see).
  if (compat.some((c) => /^renesas,r9a0[0-9a-z]+-cpg$/.test(c))) {
    return { domain, managed: indices((e) => e.provider === domain && isModule(e), false), attach: 'rzg2l_cpg_attach_dev' };
  }
  return undefined;
}
