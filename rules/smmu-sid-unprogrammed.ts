/**
 * smmu-sid-unprogrammed (i.MX 8QM): U-Boot programs a device's SMMU stream ID into the SCU only for
 * a node whose `iommus` is one 3-cell entry and that has `fsl,sc_rsrc_id` or `power-domains`; a
 * legacy `mmu-masters` on the SMMU replaces `iommus` altogether (NXP U-Boot,
 * arch/arm/mach-imx/imx8/fdt.c, config_smmu_fdt). A device without its stream ID faults on DMA.
 */
import { resolve } from 'node:path';
import type { Location } from '../src/dts/location.js';
import { getProperty, nodePath, walk } from '../src/dts/query.js';
import type { Cell, Node, Tree, ValueChunk } from '../src/dts/tree.js';
import { cellTarget } from '../src/graph/split.js';
import { cellNumber, propertyCells } from '../src/graph/tree-access.js';
import { inUserFiles, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { compatibles } from '../src/passthrough/imx-partition.js';
import type { PairModel, PassedDevice } from '../src/passthrough/pair.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { cellName, hex, who } from './support/pair.js';

const SYMPTOMS = symptomLine(SYMPTOM.dmaFaults, SYMPTOM.noPackets, SYMPTOM.noInterrupts);

export default definePairRule({
  id: 'smmu-sid-unprogrammed',
  level: 'error',
  scope: 'pair',
  summary: 'i.MX 8QM: U-Boot cannot program the SMMU stream ID of a passed device, so its DMA faults',
  symptoms: [SYMPTOM.dmaFaults, SYMPTOM.noPackets, SYMPTOM.noInterrupts],
  softMessages: ['legacyMmuMasters'],
  messages: {
    noResource:
      'U-Boot cannot program stream ID {{sid}} of {{node}}: it has neither fsl,sc_rsrc_id nor power-domains{{deleted}}, so its DMA carries no programmed stream ID and faults (no packets, no completion interrupts); add `fsl,sc_rsrc_id = <{{rsrc}}>;`',
    notOneEntry:
      'U-Boot programs the stream ID of {{node}} only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has {{cells}} cells, so its DMA carries no programmed stream ID and faults',
    legacyMmuMasters:
      'mmu-masters on {{smmu}} takes precedence: U-Boot ignores the iommus of {{node}} and programs stream ID {{sid}} from mmu-masters instead',
    notInMmuMasters:
      'mmu-masters on {{smmu}} takes precedence over iommus and does not list {{node}}: U-Boot programs no stream ID for it, so its DMA faults',
  },
  check({ pair, report }) {
    if (!pair.imx8qm) return;
    const legacy = legacyMasters(pair);
    for (const d of pair.passed) {
      const iommus = getProperty(d.node, 'iommus');
      if (!iommus || !d.available) continue;
      const cells = propertyCells(iommus) ?? [];
      const related = qemuNote(d);
      const subject = `${d.path}:iommus`;
      if (legacy) {
        const sid = legacy.masters.get(d.node);
        const data = { smmu: nodePath(legacy.smmu), node: who(d.node) };
        const at = nodeAnchor(pair, pair.host, d.node, d);
        const notes = notesBesides([{ message: 'mmu-masters', at: legacy.property.at }, ...related], at);
        if (sid !== undefined) report({ at, messageId: 'legacyMmuMasters', data: { ...data, sid: hex(sid) }, related: notes, subject, symptom: SYMPTOMS });
        else report({ at, messageId: 'notInMmuMasters', data, related: notes, subject, symptom: SYMPTOMS });
        continue;
      }
      if (cells.length !== 3) {
        const at = inUserFiles(pair.host, iommus.at) ? iommus.at : nodeAnchor(pair, pair.host, d.node, d);
        report({ at, messageId: 'notOneEntry', data: { node: who(d.node), cells: cells.length }, related: notesBesides([{ message: 'iommus', at: iommus.at }, ...related], at), subject, symptom: SYMPTOMS });
        continue;
      }
      if (getProperty(d.node, 'fsl,sc_rsrc_id') || getProperty(d.node, 'power-domains')) continue;
      const deletion = deletedPowerDomains(pair, d.node);
      const at = deletion ? deletion.at : nodeAnchor(pair, pair.host, d.node, d);
      report({
        at,
        messageId: 'noResource',
        data: {
          sid: hex(cellNumber(cells[1]!)),
          node: who(d.node),
          deleted: deletion ? ' (the override deletes power-domains, so that U-Boot does not disable it)' : '',
          rsrc: resourceFor(pair, d, deletion?.removed?.value),
        },
        related: notesBesides([...(deletion?.removed ? [{ message: 'the power-domains it deletes', at: deletion.removed.at }] : []), { message: 'iommus', at: iommus.at }, ...related], at),
        subject: `${d.path}:fsl,sc_rsrc_id`,
        symptom: SYMPTOMS,
      });
    }
  },
});

/** The `/delete-property/ power-domains;` that removed the node's power-domains, in the user's files first. */
function deletedPowerDomains(pair: PairModel, node: Node): { at: Location; removed?: { value: ValueChunk[]; at: Location } } | undefined {
  const path = nodePath(node);
  const all = (pair.host.tree.deletions ?? []).filter((d) => d.kind === 'property' && d.name === 'power-domains' && d.matched && d.node === path);
  const own = all.filter((d) => pair.host.userFiles.has(resolve(d.at.file)));
  return own[own.length - 1] ?? all[all.length - 1];
}

/**
 * The resource to name in the fix: from the power-domains the override deleted, else the guest
 * counterpart's power-domains or fsl,sc_rsrc_id, else the partition's only non-MU resource.
 */
function resourceFor(pair: PairModel, d: PassedDevice, removed: ValueChunk[] | undefined): string {
  const fromCells = (cells: Cell[] | undefined, skip: number): string | undefined => {
    const cell = cells?.[skip];
    return cell ? cellName(cell, pair.rsrcNames) : undefined;
  };
  const removedCells = removed ? chunkCells(removed) : undefined;
  const g = d.guest?.node;
  const guestRsrc = g ? getProperty(g, 'fsl,sc_rsrc_id') : undefined;
  const guestPd = g ? getProperty(g, 'power-domains') : undefined;
  const fromPartition = pair.partition?.rsrcs.filter((c) => !(c.name ?? '').includes('_MU_'));
  return (
    fromCells(removedCells, 1) ??
    fromCells(guestRsrc ? (propertyCells(guestRsrc) ?? undefined) : undefined, 0) ??
    fromCells(guestPd ? (propertyCells(guestPd) ?? undefined) : undefined, 1) ??
    (fromPartition?.length === 1 ? (fromPartition[0]!.name ?? String(fromPartition[0]!.value)) : 'IMX_SC_R_...')
  );
}

function chunkCells(value: ValueChunk[]): Cell[] | undefined {
  const out: Cell[] = [];
  for (const c of value) {
    if (c.kind !== 'cells' || c.bits !== 32) return undefined;
    out.push(...c.cells);
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
