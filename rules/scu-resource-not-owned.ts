/**
 * scu-resource-not-owned: on i.MX 8 with an SCU partition, a node uses an SCU resource (an SCU clock
 * `<&clk IMX_SC_R_... IMX_SC_PM_CLK_...>`, an SCU power domain `<&pd IMX_SC_R_...>`) that its side's
 * partition does not own: a host node a resource `rsrcs` gives to the guest, a guest node one
 * `rsrcs` does not give.
 *
 * Linux registers SCU clocks and power domains only for the resources its partition owns
 * (drivers/clk/imx/clk-scu.c imx_clk_scu_alloc_dev and __imx_clk_gpr_scu, through
 * imx_clk_is_resource_owned; drivers/pmdomain/imx/scu-pd.c imx_scu_add_pm_domain; both ask the
 * firmware with imx_sc_rm_is_resource_owned), so a lookup of any other fails: imx_scu_of_clk_src_get
 * returns -ENODEV, imx_scu_pd_xlate -ENOENT.
 *
 * Not repeated here: a host node with `power-domains` on a given resource, which U-Boot disables
 * (uboot-strip), and the guest SCU's own mailbox (mu-clash).
 */
import { compatibles, nodePath } from '../src/dts/query.js';
import type { Cell, Node, Property } from '../src/dts/tree.js';
import { cellNumber } from '../src/graph/tree-access.js';
import { anchorFor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { isAvailable } from '../src/passthrough/availability.js';
import { muOfNode, nameOf, scuMailboxes, type ImxPartition } from '../src/passthrough/imx-partition.js';
import type { PairModel, PairSide } from '../src/passthrough/pair.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { cellName, numberedName, who } from './support/pair.js';

/** The properties that name SCU resources, and what Linux does with them. */
type Use = 'clocks' | 'assigned-clocks' | 'assigned-clock-parents' | 'power-domains';
const USES: readonly Use[] = ['power-domains', 'assigned-clocks', 'assigned-clock-parents', 'clocks'];

/** The SCU clock controller (clk-imx8qxp.c imx8qxp_match) and power-domain controller (scu-pd.c imx_sc_pd_match). */
const isScuClock = (n: Node): boolean => compatibles(n).some((c) => c === 'fsl,scu-clk' || /^fsl,imx8(qm|qxp|dxl)-clk$/.test(c));
const isScuPd = (n: Node): boolean => compatibles(n).some((c) => c === 'fsl,scu-pd' || /^fsl,imx8[a-z]*-scu-pd$/.test(c));

/** IMX_SC_R_A35/A53/A72 (AP_2/AP_0/AP_1): imx_clk_is_resource_owned counts them as owned for cpufreq. */
const A_CORE_NAMES = /^IMX_SC_R_(A35|A53|A72|AP_[012])$/;
const A_CORE_VALUES = new Set([0, 5, 507]);

interface ResourceUse {
  use: Use;
  cell: Cell;
  value: number;
  prop: Property;
}

export default definePairRule({
  id: 'scu-resource-not-owned',
  level: 'error',
  scope: 'pair',
  summary: "A node uses an SCU clock or power domain on a resource its partition does not own (i.MX 8 rsrcs)",
  symptoms: [SYMPTOM.bindFails, SYMPTOM.missingOnHost, SYMPTOM.guestProbeFails],
  softMessages: ['hostClock', 'hostAssigned'],
  messages: {
    passedAssigned:
      "{{node}}'s {{use}} names an SCU clock of {{rsrc}}, which {{partition}} rsrcs gives to the guest: the host's SCU clock driver registers no clock for a resource its partition does not own (imx_clk_scu_alloc_dev), so of_clk_set_defaults fails with -ENODEV in platform_probe and vfio-platform cannot bind {{sysfs}}; delete {{use}} (and assigned-clock-rates) in the override",
    hostAssigned:
      "{{node}}'s {{use}} names an SCU clock of {{rsrc}}, which {{partition}} rsrcs gives to the guest: the host's SCU clock driver registers no clock for a resource its partition does not own (imx_clk_scu_alloc_dev), so of_clk_set_defaults fails with -ENODEV before its driver probes, and the host loses this device; disable it, or keep {{rsrc}} on the host",
    hostClock:
      "{{node}} uses an SCU clock of {{rsrc}}, which {{partition}} rsrcs gives to the guest: the host's SCU clock driver registers no clock for a resource its partition does not own (imx_clk_scu_alloc_dev), so getting it fails with -ENODEV (imx_scu_of_clk_src_get) and its driver fails to probe if it needs that clock; disable it, or keep {{rsrc}} on the host",
    guestPowerDomain:
      "guest {{node}}'s power-domains names {{rsrc}}, which {{partition}} rsrcs does not give to the guest: the guest's SCU power-domain driver registers domains only for the resources its partition owns (imx_scu_add_pm_domain), so the lookup fails (imx_scu_pd_xlate) and the device's probe is deferred, then fails at the deferred-probe timeout; add {{rsrc}} to rsrcs (the host then loses it), or drop it from the guest",
    guestClock:
      "guest {{node}}'s {{use}} names an SCU clock of {{rsrc}}, which {{partition}} rsrcs does not give to the guest: the guest's SCU clock driver registers clocks only for the resources its partition owns (imx_clk_scu_alloc_dev), so getting it fails with -ENODEV (imx_scu_of_clk_src_get) and the device fails to probe{{assigned}}; add {{rsrc}} to rsrcs (the host then loses it), or drop it from the guest",
  },
  check({ pair, report }) {
    const partition = pair.partition;
    if (!partition) return;
    const given = new Set(partition.rsrcs.map((c) => c.value));
    const rsrcsNote = (value: number) => {
      const entry = partition.rsrcs.find((c) => c.value === value);
      if (entry) return [{ message: `${partition.path} rsrcs gives ${numberedName(entry)} to the guest here`, at: entry.at }];
      return partition.properties.rsrcs ? [{ message: `${partition.path} rsrcs`, at: partition.properties.rsrcs.at }] : [];
    };

    // The host: every enabled node but those U-Boot disables (uboot-strip) and those inside a passed device.
    for (const [node, uses] of resourceUses(pair.host)) {
      if (node === partition.node || !isAvailable(node)) continue;
      const device = pair.passedDeviceOf(node);
      if (device && device.node !== node) continue;
      if (uses.some((u) => u.use === 'power-domains' && given.has(u.value))) continue;
      const hit = uses.find((u) => u.use !== 'power-domains' && given.has(u.value) && !aCore(pair, u) && (!device || u.use !== 'clocks'));
      if (!hit) continue;
      const at = anchorFor(pair, pair.host, hit.cell.at, node, device);
      const data = { node: who(node), use: hit.use, rsrc: cellName(hit.cell, pair.rsrcNames), partition: partition.path };
      const related = notesBesides([...rsrcsNote(hit.value), { message: `${who(node)}'s ${hit.use}`, at: hit.prop.at }, ...qemuNote(device)], at);
      const subject = `${nodePath(node)}:${hit.use}`;
      if (device) {
        report({ at, messageId: 'passedAssigned', data: { ...data, sysfs: device.sysfs }, related, subject, symptom: symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses) });
      } else if (hit.use === 'clocks') {
        report({ at, messageId: 'hostClock', data, related, subject, symptom: SYMPTOM.missingOnHost });
      } else {
        report({ at, messageId: 'hostAssigned', data, related, subject, symptom: SYMPTOM.missingOnHost });
      }
    }

    // The guest: only when its SCU talks through an MU that rsrcs gives it, so that its calls are the
    // guest partition's (otherwise mu-clash says why they are not).
    if (!guestPartitionKnown(pair, partition)) return;
    for (const [node, uses] of resourceUses(pair.guest)) {
      if (!isAvailable(node)) continue;
      const hit = uses.find((u) => !given.has(u.value) && !(u.use !== 'power-domains' && aCore(pair, u)));
      if (!hit) continue;
      const at = anchorFor(pair, pair.guest, hit.cell.at, node);
      const data = { node: who(node), rsrc: cellName(hit.cell, pair.rsrcNames), partition: partition.path };
      const related = notesBesides([...rsrcsNote(hit.value), { message: `guest ${who(node)}'s ${hit.use}`, at: hit.prop.at }], at);
      const subject = `guest:${nodePath(node)}:${hit.use}`;
      if (hit.use === 'power-domains') {
        report({ at, messageId: 'guestPowerDomain', data, related, subject, symptom: SYMPTOM.guestProbeFails });
      } else {
        const assigned = hit.use === 'clocks' ? '' : ' (of_clk_set_defaults, before its driver)';
        report({ at, messageId: 'guestClock', data: { ...data, use: hit.use, assigned }, related, subject, symptom: SYMPTOM.guestProbeFails });
      }
    }
  },
});

/**
 * The SCU resources each node names, power domains first, nodes in tree order: read from the lists
 * the dependency graph split once (DependencyGraph.bound), not split again.
 */
function resourceUses(side: PairSide): Map<Node, ResourceUse[]> {
  const out = new Map<Node, ResourceUse[]>();
  for (const bound of side.graph.bound) {
    const use = USES.find((u) => u === bound.binding.id);
    if (!use || !bound.split) continue;
    const isProvider = use === 'power-domains' ? isScuPd : isScuClock;
    for (const entry of bound.split.entries) {
      const cell = entry.args[0];
      if (!cell || entry.problem || entry.empty || !entry.provider || !isProvider(entry.provider)) continue;
      const list = out.get(bound.node) ?? [];
      list.push({ use, cell, value: cellNumber(cell), prop: bound.property });
      out.set(bound.node, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => USES.indexOf(a.use) - USES.indexOf(b.use));
  return out;
}

function aCore(pair: PairModel, u: ResourceUse): boolean {
  const name = nameOf(pair.rsrcNames, u.value) ?? u.cell.at.expansion?.[0]?.macro;
  return name !== undefined ? A_CORE_NAMES.test(name) : A_CORE_VALUES.has(u.value);
}

/** The guest's SCU uses an MU whose resource rsrcs gives to the guest. */
function guestPartitionKnown(pair: PairModel, partition: ImxPartition): boolean {
  for (const scu of scuMailboxes(pair.guest.tree)) {
    if (!scu.enabled) continue;
    for (const unit of scu.units) {
      const host = unit.node ? pair.hostNodeFor(unit.node) : undefined;
      const mu = (host ? muOfNode(host) : undefined) ?? unit.mu;
      if (mu && partition.rsrcs.some((c) => c.value === mu.resource)) return true;
    }
  }
  return false;
}
