/**
 * uboot-strip: U-Boot disables, at boot, every enabled node whose `power-domains` names a resource
 * the host partition no longer owns, i.e. one of the partition's `rsrcs` (NXP U-Boot,
 * arch/arm/mach-imx/imx8/fdt.c, update_fdt_with_owned_resources).
 */
import { getProperty, isEnabled, nodePath, walk } from '../src/dts/query.js';
import { bindingById } from '../src/graph/bindings.js';
import { splitList } from '../src/graph/split.js';
import { cellNumber } from '../src/graph/tree-access.js';
import { anchorFor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { dmaMastering, type DmaMastering } from '../src/passthrough/dma-master.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { cellName, numberedName, who } from './support/pair.js';

export default definePairRule({
  id: 'uboot-strip',
  level: 'error',
  scope: 'pair',
  summary: "U-Boot will disable this host node at boot: its power-domains names a resource of the partition's rsrcs",
  symptoms: [SYMPTOM.bindFails, SYMPTOM.missingOnHost],
  softMessages: ['hostDevice'],
  messages: {
    passedDevice:
      'U-Boot disables {{node}} at boot ("Disable {{name}} rsrc {{number}} not owned"): its power-domains names {{rsrc}}, which {{partition}} rsrcs gives to the guest, so vfio-platform finds no {{sysfs}} to bind; delete power-domains in the override{{sid}}',
    hostDevice:
      'U-Boot disables {{node}} at boot ("Disable {{name}} rsrc {{number}} not owned"): its power-domains names {{rsrc}}, which {{partition}} rsrcs gives to the guest; the host loses this device',
  },
  check({ pair, report }) {
    const partition = pair.partition;
    if (!partition) return;
    const given = new Map(partition.rsrcs.map((c) => [c.value, c]));
    const binding = bindingById('power-domains')!;
    walk(pair.host.tree, (node) => {
      // U-Boot reads the node's own status only (fdtdec_get_is_enabled), not its parents'.
      const prop = getProperty(node, 'power-domains');
      if (!prop || !isEnabled(node) || node === partition.node) return;
      for (const entry of splitList(node, prop, binding, pair.host.split).entries) {
        const cell = entry.args[0];
        if (!cell || entry.problem) continue;
        const rsrc = given.get(cellNumber(cell));
        if (!rsrc) continue;
        const device = pair.passedDeviceOf(node);
        const at = anchorFor(pair, pair.host, cell.at, node, device);
        const related = notesBesides(
          [
            { message: `${partition.path} rsrcs gives ${numberedName(rsrc)} to the guest here`, at: rsrc.at },
            { message: `${who(node)}'s power-domains`, at: prop.at },
            ...qemuNote(device),
          ],
          at,
        );
        const data = {
          node: who(node),
          name: node.name,
          number: cellNumber(cell),
          rsrc: rsrc.name ?? cellName(cell, pair.rsrcNames),
          partition: partition.path,
        };
        const subject = `${nodePath(node)}:power-domains`;
        if (device) {
          // config_smmu_fdt, the one reader of fsl,sc_rsrc_id, runs on the i.MX 8QM only (is_imx8qm()).
          const sid = pair.imx8qm ? sidAdvice(dmaMastering(node), data.rsrc) : '';
          report({ at, messageId: 'passedDevice', data: { ...data, sysfs: device.sysfs, sid }, related, subject, symptom: symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses) });
        } else {
          report({ at, messageId: 'hostDevice', data, related, subject, symptom: SYMPTOM.missingOnHost });
        }
        return;
      }
    });
  },
});

/**
 * Without power-domains, U-Boot's config_smmu_fdt (i.MX 8QM) programs the SMMU stream ID from
 * fsl,sc_rsrc_id only, its one reader; a device that masters no DMA needs no stream ID.
 */
function sidAdvice(mastering: DmaMastering, rsrc: string): string {
  const add = ` and add \`fsl,sc_rsrc_id = <${rsrc}>;\``;
  if (mastering === 'master') return `${add}, from which U-Boot programs its SMMU stream ID`;
  if (mastering === 'unknown') return `${add} if it masters DMA (U-Boot programs its SMMU stream ID from it)`;
  return ' (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)';
}
