/**
 * smmu-sid-unprogrammed. On Tegra186/194/234, Linux programs the stream ID override of a device's
 * memory clients from the clients its `interconnects` name (arm-smmu-nvidia.c
 * nvidia_smmu_probe_finalize -> drivers/memory/tegra/tegra186.c tegra186_mc_probe_device): a passed
 * DMA master without interconnects gets no override from Linux (a warning: the boot firmware may
 * have programmed it). On i.MX 8QM: U-Boot programs a device's SMMU stream ID into the SCU only for
 * a node whose `iommus` is one 3-cell entry and that has `fsl,sc_rsrc_id` or `power-domains`; a
 * legacy `mmu-masters` on the SMMU replaces `iommus` altogether (NXP U-Boot,
 * arch/arm/mach-imx/imx8/fdt.c, config_smmu_fdt and config_smmu_fdt_device_sid). Only a device that
 * masters DMA faults without its stream ID (src/passthrough/dma-master.ts says which do); the fix
 * names the device's own resource or says that dtlint cannot tell it.
 */
import { getProperty, nodePath, walk, compatibles } from '../src/dts/query.js';
import type { Cell, Node, Property, Tree, ValueChunk } from '../src/dts/tree.js';
import { bindingById } from '../src/graph/bindings.js';
import { cellTarget, splitList } from '../src/graph/split.js';
import { cellNumber, propertyCells } from '../src/graph/tree-access.js';
import { anchorFor, deletedProperty, inUserFiles, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { TEGRA_MC_CLIENTS } from '../src/passthrough/tegra-mc-clients.js';
import { dmaMastering, nodeClass } from '../src/passthrough/dma-master.js';
import type { PairModel, PassedDevice } from '../src/passthrough/pair.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { cellName, who } from './support/pair.js';
import { hex, listText } from '../src/dts/message-text.js';

/** What follows the fault, by class: an Ethernet controller moves its packets by DMA. */
function symptomsFor(d: PassedDevice): string {
  return nodeClass(d.node) === 'ethernet' ? symptomLine(SYMPTOM.dmaFaults, SYMPTOM.noPackets) : SYMPTOM.dmaFaults;
}

// The SMMU's reaction to a stream ID it holds no entry for: arm-smmu.c, arm_smmu_global_fault
// ("Blocked unknown Stream ID") with sCR0.USFCFG set by disable_bypass (arm_smmu_device_reset).
// Which stream ID an unprogrammed master carries is the SCU firmware's (dtlint cannot see it): the
// guest's mappings are missed for certain, the block only when no other entry matches that ID.
const FAULT =
  'its DMA does not carry stream ID {{sid}}, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated)';
const MAYBE = 'if {{node}} masters DMA (dtlint cannot tell from its node name "{{class}}"), ';

const MESSAGES = {
  noResource: `U-Boot programs no stream ID for {{node}}: it has neither fsl,sc_rsrc_id nor power-domains{{deleted}}, so ${FAULT}; {{fix}}`,
  noResourceMaybe: `${MAYBE}U-Boot programs no stream ID for it: it has neither fsl,sc_rsrc_id nor power-domains{{deleted}}, so ${FAULT}; {{fix}}`,
  notOneEntry: `U-Boot programs the stream ID of {{node}} only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has {{cells}} cells, so its DMA does not carry the stream ID whose mappings VFIO sets up for the guest and misses them (the SMMU blocks a stream ID it has no entry for)`,
  notOneEntryMaybe: `${MAYBE}its stream ID is never programmed: U-Boot reads only one 3-cell iommus entry (SMMU, stream ID, mask), and this iommus has {{cells}} cells`,
  legacyMmuMasters: 'mmu-masters on {{smmu}} takes precedence: U-Boot ignores the iommus of {{node}} and programs stream ID {{sid}} from mmu-masters instead',
  notInMmuMasters: 'mmu-masters on {{smmu}} takes precedence over iommus and does not list {{node}}: U-Boot programs no stream ID for it, so its DMA misses the mappings VFIO sets up for the guest (the SMMU blocks a stream ID it has no entry for)',
  notInMmuMastersMaybe: `${MAYBE}its stream ID is never programmed: mmu-masters on {{smmu}} takes precedence over iommus and does not list it`,
  tegraClientsUnlisted:
    '{{node}}\'s interconnects name {{clients}} of {{mc}}, which the memory controller\'s client table in Linux (drivers/memory/tegra/{{table}}) does not list: tegra186_mc_probe_device programs the stream ID override only for listed clients, so Linux programs none for {{them}}; unless the boot firmware set {{them}} to {{sid}} (dtlint cannot tell; a driver that writes its own, such as sdhci-tegra with NVQUIRK_PROGRAM_STREAMID, does not run under vfio-platform), that DMA does not carry stream ID {{sid}}, the one VFIO attaches a context for, and the SMMU blocks or mistranslates it',
  tegraNoInterconnects:
    '{{node}} has no interconnects{{deleted}}, and its iommus names {{smmu}}, an NVIDIA SMMU: Linux programs the stream ID override of a device\'s memory clients only for the clients its interconnects name (nvidia_smmu_probe_finalize -> tegra186_mc_probe_device), so it programs none for {{node}}; unless the boot firmware set them to {{sid}} (dtlint cannot tell), {{node}}\'s DMA does not carry stream ID {{sid}}, the one VFIO attaches a context for, and the SMMU blocks or mistranslates it; keep the interconnects',
} as const;

export default definePairRule({
  id: 'smmu-sid-unprogrammed',
  level: 'error',
  scope: 'pair',
  summary: 'The SMMU stream ID of a passed DMA master is not programmed (i.MX 8QM: by U-Boot; Tegra186/194/234: by the memory controller), so its DMA faults',
  symptoms: [SYMPTOM.dmaFaults, SYMPTOM.noPackets],
  softMessages: ['legacyMmuMasters', 'noResourceMaybe', 'notOneEntryMaybe', 'notInMmuMastersMaybe', 'tegraNoInterconnects', 'tegraClientsUnlisted'],
  messages: MESSAGES,
  check({ pair, report }) {
    for (const d of pair.passed) {
      const found = tegraUnprogrammed(pair, d);
      if (found) report(found);
    }
    if (!pair.imx8qm) return;
    const legacy = legacyMasters(pair);
    for (const d of pair.passed) {
      const iommus = getProperty(d.node, 'iommus');
      if (!iommus || !d.available) continue;
      // Only a device that masters DMA can fault on it: a clock gate or a mailbox cannot.
      const mastering = dmaMastering(d.node);
      if (mastering === 'none') continue;
      const maybe = mastering === 'unknown';
      const cells = propertyCells(iommus) ?? [];
      const related = qemuNote(d);
      const subject = `${d.path}:iommus`;
      const symptom = symptomsFor(d);
      const node = who(d.node);
      const cls = nodeClass(d.node);
      const hasResource = getProperty(d.node, 'fsl,sc_rsrc_id') !== undefined || getProperty(d.node, 'power-domains') !== undefined;
      // The stream ID U-Boot would program: mmu-masters' when present, else the iommus entry's.
      let sid: number | undefined;
      if (legacy) {
        sid = legacy.masters.get(d.node);
        const at = nodeAnchor(pair, pair.host, d.node, d);
        const notes = notesBesides([{ message: 'mmu-masters', at: legacy.property.at }, ...related], at);
        const smmu = nodePath(legacy.smmu);
        if (sid === undefined) {
          if (maybe) report({ at, messageId: 'notInMmuMastersMaybe', data: { smmu, node, class: cls }, related: notes, subject, symptom });
          else report({ at, messageId: 'notInMmuMasters', data: { smmu, node }, related: notes, subject, symptom });
          continue;
        }
        // A listed device still needs a resource to program (config_smmu_fdt_device_sid): else noResource below.
        if (hasResource) {
          report({ at, messageId: 'legacyMmuMasters', data: { smmu, node, sid: hex(sid) }, related: notes, subject, symptom });
          continue;
        }
      } else if (cells.length !== 3) {
        const at = inUserFiles(pair.host, iommus.at) ? iommus.at : nodeAnchor(pair, pair.host, d.node, d);
        const notes = notesBesides([{ message: 'iommus', at: iommus.at }, ...related], at);
        if (maybe) report({ at, messageId: 'notOneEntryMaybe', data: { node, cells: cells.length, class: cls }, related: notes, subject, symptom });
        else report({ at, messageId: 'notOneEntry', data: { node, cells: cells.length }, related: notes, subject, symptom });
        continue;
      } else {
        sid = cellNumber(cells[1]!);
      }
      if (hasResource) continue;
      const deletion = deletedProperty(pair.host, d.node, 'power-domains');
      const at = deletion ? deletion.at : nodeAnchor(pair, pair.host, d.node, d);
      const data = {
        sid: hex(sid),
        node,
        deleted: deletion ? ' (the override deletes power-domains, so that U-Boot does not disable it)' : '',
        fix: fixText(pair, d, deletion?.removed?.value),
      };
      const notes = notesBesides([...(deletion?.removed ? [{ message: 'the power-domains it deletes', at: deletion.removed.at }] : []), { message: 'iommus', at: iommus.at }, ...related], at);
      const rsrcSubject = `${d.path}:fsl,sc_rsrc_id`;
      if (maybe) report({ at, messageId: 'noResourceMaybe', data: { ...data, class: cls }, related: notes, subject: rsrcSubject, symptom });
      else report({ at, messageId: 'noResource', data, related: notes, subject: rsrcSubject, symptom });
    }
  },
});

// arm-smmu-impl.c arm_smmu_impl_init: these get nvidia_smmu_impl, whose probe_finalize calls tegra_mc_probe_device.
const NVIDIA_SMMU = ['nvidia,tegra186-smmu', 'nvidia,tegra194-smmu', 'nvidia,tegra234-smmu'];

/** Tegra186/194/234: a passed DMA master behind an NVIDIA SMMU without interconnects gets no SID override from Linux. */
function tegraUnprogrammed(pair: PairModel, d: PassedDevice) {
  const iommus = getProperty(d.node, 'iommus');
  if (!iommus || !d.available) return undefined;
  const cells = propertyCells(iommus) ?? [];
  const smmu = cells[0] ? cellTarget(cells[0], pair.host.split).node : undefined;
  if (!smmu || !compatibles(smmu).some((c) => NVIDIA_SMMU.includes(c)) || cells.length < 2) return undefined;
  if (dmaMastering(d.node) === 'none') return undefined;
  const interconnects = getProperty(d.node, 'interconnects');
  if (interconnects) return unlistedClients(pair, d, interconnects, hex(cellNumber(cells[1]!)));
  const deletion = deletedProperty(pair.host, d.node, 'interconnects');
  const own = deletion && inUserFiles(pair.host, deletion.at) ? deletion : undefined;
  const at = own ? own.at : nodeAnchor(pair, pair.host, d.node, d);
  const removed = deletion?.removed ? [{ message: 'the interconnects it deletes', at: deletion.removed.at }] : [];
  const deletedHere = deletion && !own ? [{ message: 'its interconnects is deleted here', at: deletion.at }] : [];
  return {
    at,
    messageId: 'tegraNoInterconnects' as const,
    data: { node: who(d.node), smmu: who(smmu), sid: hex(cellNumber(cells[1]!)), deleted: own ? ' (this override deletes them)' : deletion ? ' (a /delete-property/ removes them)' : '' },
    related: notesBesides([...deletedHere, ...removed, { message: 'iommus', at: iommus.at }, ...qemuNote(d)], at),
    subject: `${d.path}:interconnects`,
    symptom: SYMPTOM.dmaFaults,
  };
}

/** Memory clients an `interconnects` names that the SoC's MC client table does not list (tegra-mc-clients.ts). */
function unlistedClients(pair: PairModel, d: PassedDevice, interconnects: Property, sid: string) {
  const unlisted: { mc: Node; id: Cell }[] = [];
  for (const e of splitList(d.node, interconnects, bindingById('interconnects')!, pair.host.split).entries) {
    const mc = e.provider;
    const id = e.args[0];
    if (e.problem || !mc || !id) continue;
    const table = compatibles(mc).map((c) => TEGRA_MC_CLIENTS.get(c)).find((t) => t !== undefined);
    if (table && !table.has(cellNumber(id)) && !unlisted.some((u) => cellNumber(u.id) === cellNumber(id))) unlisted.push({ mc, id });
  }
  if (unlisted.length === 0) return undefined;
  const mc = unlisted[0]!.mc;
  const soc = compatibles(mc).find((c) => TEGRA_MC_CLIENTS.has(c))!.replace(/^nvidia,(tegra\d+)-mc$/, '$1');
  const one = unlisted.length === 1;
  const at = anchorFor(pair, pair.host, interconnects.at, d.node, d);
  return {
    at,
    messageId: 'tegraClientsUnlisted' as const,
    data: {
      node: who(d.node),
      clients: `${one ? 'memory client' : 'memory clients'} ${listText(unlisted.map((u) => cellName(u.id)))}`,
      mc: who(mc),
      table: `${soc}.c ${soc}_mc_clients`,
      them: one ? 'it' : 'them',
      sid,
    },
    related: notesBesides([{ message: 'interconnects', at: interconnects.at }, ...qemuNote(d)], at),
    subject: `${d.path}:interconnects`,
    symptom: SYMPTOM.dmaFaults,
  };
}

/**
 * The fix, naming the device's own SCU resource: the power-domains its override deleted, else its
 * guest node's fsl,sc_rsrc_id or power-domains. Never a resource read elsewhere (the partition's
 * rsrcs list every device's resources): without one of its own, the fix says dtlint cannot tell.
 */
function fixText(pair: PairModel, d: PassedDevice, removed: readonly ValueChunk[] | undefined): string {
  const fromCells = (cells: Cell[] | null | undefined, skip: number): string | undefined => {
    const cell = cells?.[skip];
    return cell ? cellName(cell, pair.rsrcNames) : undefined;
  };
  const g = d.guest?.node;
  const guestRsrc = g ? getProperty(g, 'fsl,sc_rsrc_id') : undefined;
  const guestPd = g ? getProperty(g, 'power-domains') : undefined;
  const own: Array<[string | undefined, string]> = [
    [fromCells(removed ? chunkCells(removed) : undefined, 1), 'the power-domains it deletes'],
    [fromCells(guestRsrc ? propertyCells(guestRsrc) : undefined, 0), 'its guest node\'s fsl,sc_rsrc_id'],
    [fromCells(guestPd ? propertyCells(guestPd) : undefined, 1), 'its guest node\'s power-domains'],
  ];
  for (const [rsrc, from] of own) {
    if (rsrc !== undefined) return `add \`fsl,sc_rsrc_id = <${rsrc}>;\` (its own resource, from ${from})`;
  }
  return 'add `fsl,sc_rsrc_id = <IMX_SC_R_...>;` with its own SCU resource (dtlint cannot tell which: no power-domains of it is left to read)';
}

function chunkCells(value: readonly ValueChunk[]): Cell[] | undefined {
  const out: Cell[] = [];
  for (const c of value) {
    if (c.kind !== 'cells' || c.bits !== 32) return undefined;
    for (const cell of c.cells) out.push(cell);
  }
  return out;
}

/** U-Boot's legacy path: the first `arm,mmu-500` node's `mmu-masters` (phandle, stream ID pairs). */
function legacyMasters(pair: PairModel): { smmu: Node; property: NonNullable<ReturnType<typeof getProperty>>; masters: Map<Node, number> } | undefined {
  const smmu = firstCompatible(pair.host.tree, 'arm,mmu-500');
  const property = smmu ? getProperty(smmu, 'mmu-masters') : undefined;
  if (!smmu || !property) return undefined;
  const cells = propertyCells(property) ?? [];
  const masters = new Map<Node, number>();
  for (let i = 0; i + 1 < cells.length; i += 2) {
    const node = cellTarget(cells[i]!, pair.host.split).node;
    if (node) masters.set(node, cellNumber(cells[i + 1]!));
  }
  return { smmu, property, masters };
}

function firstCompatible(tree: Tree, compatible: string): Node | undefined {
  let found: Node | undefined;
  walk(tree, (n) => {
    if (found) return false;
    if (compatibles(n).includes(compatible)) found = n;
  });
  return found;
}
