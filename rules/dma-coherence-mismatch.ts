/**
 * dma-coherence-mismatch: the guest describes a passed device's DMA as coherent and the host does
 * not, or the other way round. Both sides are read as of_dma_is_coherent reads them
 * (drivers/of/address.c): the node, then its DMA parents (the `interconnects` entry named "dma-mem",
 * else the parent node, of_get_next_dma_parent), the first `dma-coherent` or `dma-noncoherent`
 * found decides, and with neither the answer is arm64's default, non-coherent
 * (ARCH_DMA_DEFAULT_COHERENT is not selected on arm64: kernel/dma/mapping.c dma_default_coherent).
 *
 * What each direction does under KVM + VFIO (verified in Linux 6.12): VFIO maps guest memory into the
 * device's IOMMU domain cacheable (vfio_iommu_type1.c vfio_iommu_map: `prot | IOMMU_CACHE`; io-pgtable
 * arm: write-back, inner shareable) and registers a device only when its IOMMU reports
 * IOMMU_CAP_CACHE_COHERENCY (vfio_main.c __vfio_register_dev), which arm-smmu reports for an SMMU
 * with a coherent table walk or a coherent device (arm_smmu_capable, trusting that the SMMU's
 * translation interfaces are coherent too). Whether the device's accesses then snoop the CPU caches
 * is the hardware's to bear out; the DT cannot tell. KVM's stage 2 does not touch device DMA, and with
 * FEAT_S2FWB it makes guest memory write-back whatever the guest maps (MT_S2_FWB_NORMAL).
 * - guest coherent, host not: the guest skips all cache maintenance for the device; right only if
 *   the device's accesses are coherent after all, else it reads stale buffers (a warning: dtlint
 *   cannot see the hardware, and VFIO's own premise is that they are).
 * - host coherent, guest not: the guest cleans and invalidates around each transfer, which a
 *   coherent device does not need: correct, slower (a warning).
 */
import { nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { nodeAnchor, qemuNote } from '../src/passthrough/anchors.js';
import { dmaCoherence, type Coherence } from '../src/passthrough/dma-coherence.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const MESSAGES = {
  guestCoherent:
    "the guest treats {{guestNode}} as DMA-coherent ({{why}}), but the host does not ({{hostWhy}}): the guest does no cache maintenance for it, which is right only if the device's accesses snoop the CPU caches; VFIO maps guest memory cacheable in the device's IOMMU domain and assumes they do, but the host's DT says the device itself does not, and if the hardware does not make its accesses coherent the device reads stale buffers and the guest stale data; remove dma-coherent from the guest, or, if the device is coherent, say so on the host too",
  hostCoherent:
    "{{node}} is DMA-coherent on the host ({{hostWhy}}), but the guest treats {{guestNode}} as non-coherent ({{why}}): the guest cleans and invalidates its caches around every transfer, which a coherent device does not need: correct, but slower; add dma-coherent to the guest node",
} as const;

export default definePairRule({
  id: 'dma-coherence-mismatch',
  level: 'warning',
  scope: 'pair',
  summary: "The guest's dma-coherent for a passed device differs from the host's (of_dma_is_coherent, inherited from DMA parents)",
  symptoms: [SYMPTOM.guestDeviceFails],
  messages: MESSAGES,
  check({ pair, report }) {
    for (const d of pair.passed) {
      const g = d.guest?.node;
      if (!g) continue;
      const host = dmaCoherence(d.node, pair.host.split);
      const guest = dmaCoherence(g, pair.guest.split);
      if (host.coherent === guest.coherent) continue;
      const node = who(d.node);
      const related = [...(host.at ? [{ message: `${host.property} on the host (${nodePath(host.from!)})`, at: host.at }] : []), ...qemuNote(d)];
      const data = { node, guestNode: who(g), why: explain(guest, g), hostWhy: explain(host, d.node) };
      if (guest.coherent) {
        report({ at: guest.at!, messageId: 'guestCoherent', data, related, subject: `guest:${nodePath(g)}:dma-coherent`, symptom: SYMPTOM.guestDeviceFails });
      } else {
        report({ at: guest.at ?? nodeAnchor(pair, pair.guest, g), messageId: 'hostCoherent', data, related, subject: `guest:${nodePath(g)}:dma-coherent`, symptom: 'none: the device works, with cache maintenance it does not need' });
      }
    }
  },
});

function explain(c: Coherence, node: Node): string {
  if (!c.property) return 'no dma-coherent on the node or its DMA parents';
  return c.from === node ? `its ${c.property}` : `${c.property} on ${who(c.from!)}`;
}
