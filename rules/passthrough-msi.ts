/**
 * passthrough-msi: a passed device whose host node gives it MSIs (`msi-parent`, or `msi-map` for the
 * devices behind it). vfio-platform exposes the wired interrupts only: vfio_platform_irq_init counts
 * the node's platform IRQs (platform_get_irq_optional, i.e. `interrupts`/`interrupts-extended`),
 * every index is an eventfd-signalled wired line, and nothing in drivers/vfio/platform allocates an
 * MSI. So no MSI of the device reaches the guest:
 * - a guest node with its own `msi-parent` makes the guest driver allocate MSIs from the guest's
 *   ITS or GICv2m, and the device then writes to that doorbell's guest physical address through the
 *   host IOMMU, where QEMU maps guest RAM only (hw/vfio/common.c vfio_listener_skipped_section skips
 *   every section that is not RAM): the write faults, the interrupt never comes;
 * - a guest node without one gives the device no MSI domain (of_msi_configure reads the node's own
 *   `msi-parent`), and platform_device_msi_init_and_alloc_irqs returns -EINVAL: the guest driver
 *   falls back to its wired interrupts or fails, as it is written.
 */
import { getProperty } from '../src/dts/query.js';
import { nodeAnchor, qemuNote } from '../src/passthrough/anchors.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const NO_MSI =
  "vfio-platform passes wired interrupts only (vfio_platform_irq_init requests the node's interrupts entries; nothing in vfio-platform allocates an MSI)";

const MESSAGES = {
  guestMsi: `{{guestNode}} has {{guestProperty}}, so the guest driver asks the guest's MSI controller for MSIs, but none can arrive: ${NO_MSI}, and the device's MSI writes to the guest doorbell go through the host IOMMU, where QEMU maps guest RAM only, so they fault; on the host {{node}} {{gives}}, the guest gets {{wired}}`,
  noWired: `on the host {{node}} {{gives}} and has no wired interrupt: ${NO_MSI}, so the guest gets no interrupt from it at all; only a guest driver that polls the device can work with it`,
  hostMsi: `on the host {{node}} {{gives}}, but ${NO_MSI}: the guest gets {{wired}}; without an MSI domain the guest driver's MSI allocation fails (platform_device_msi_init_and_alloc_irqs: -EINVAL) and it works only if it falls back to the wired lines`,
} as const;

export default definePairRule({
  id: 'passthrough-msi',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device signals through MSIs (msi-parent, msi-map): vfio-platform delivers wired interrupts only',
  symptoms: [SYMPTOM.noInterrupts, SYMPTOM.guestDeviceFails],
  softMessages: ['hostMsi'],
  messages: MESSAGES,
  check({ pair, report }) {
    for (const d of pair.passed) {
      const prop = getProperty(d.node, 'msi-parent') ?? getProperty(d.node, 'msi-map');
      if (!prop) continue;
      const node = who(d.node);
      const count = d.footprint.interrupts.length;
      const wired = count === 0 ? 'no interrupt' : count === 1 ? 'its wired interrupt only' : `its ${count} wired interrupts only`;
      const gives = prop.name === 'msi-map' ? 'maps MSIs of the devices behind it (msi-map)' : 'has MSIs (msi-parent)';
      const related = [{ message: `${prop.name} of ${node} on the host`, at: prop.at }, ...qemuNote(d)];
      const g = d.guest?.node;
      const guestProp = g ? (getProperty(g, 'msi-parent') ?? getProperty(g, 'msi-map')) : undefined;
      const subject = `host:${d.path}:${prop.name}`;
      if (g && guestProp) {
        report({
          at: guestProp.at,
          messageId: 'guestMsi',
          data: { guestNode: who(g), guestProperty: guestProp.name, node, gives, wired },
          related,
          subject: `guest:${d.path}:${guestProp.name}`,
          symptom: symptomLine(SYMPTOM.noInterrupts, SYMPTOM.guestDeviceFails),
        });
      } else if (count === 0) {
        report({ at: prop.at, messageId: 'noWired', data: { node, gives }, related: qemuNote(d), subject, symptom: symptomLine(SYMPTOM.noInterrupts, SYMPTOM.guestDeviceFails) });
      } else {
        report({ at: prop.at, messageId: 'hostMsi', data: { node, gives, wired }, related: g ? [{ message: `guest node of ${node}`, at: nodeAnchor(pair, pair.guest, g) }, ...qemuNote(d)] : qemuNote(d), subject, symptom: SYMPTOM.noInterrupts });
      }
    }
  },
});
