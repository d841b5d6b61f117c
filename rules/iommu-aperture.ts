/**
 * iommu-aperture: QEMU maps the guest's RAM for a passed device's DMA at the RAM's guest-physical
 * addresses (hw/vfio/common.c vfio_listener_region_add -> vfio_dma_map, IOVA = GPA), and the virt
 * machine puts RAM at 1 GiB (hw/arm/virt.c base_memmap VIRT_MEM) with the size of `-m` (128 MiB by
 * default). An IOMMU whose VFIO domain takes only low addresses (iommu-aperture.ts: 32 bits for
 * ipmmu-vmsa, rockchip-iommu, sun50i-iommu, tegra-smmu, msm_iommu and Marvell's AP806 SMMU;
 * 256 MiB for sprd-iommu) cannot take RAM that ends above it: VFIO limits the container's IOVA list to
 * the domain's aperture (vfio_iommu_type1_attach_group, vfio_iommu_aper_resize) and vfio_dma_do_map
 * refuses a mapping outside it (-EINVAL). QEMU 7.2 makes the container's first mappings as it
 * registers its memory listener, and a failure there fails the device ("memory listener
 * initialization failed: Region mach-virt.ram: vfio_dma_map(...) = -22 (Invalid argument)").
 */
import { hex } from '../src/dts/message-text.js';
import { nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { qemuNote } from '../src/passthrough/anchors.js';
import { vfioAperture } from '../src/passthrough/iommu-aperture.js';
import { allStreamEntries } from '../src/passthrough/smmu.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

/** hw/arm/virt.c base_memmap[VIRT_MEM]: RAM starts at 1 GiB. */
const VIRT_RAM_BASE = 0x40000000n;
/** hw/arm/virt.c virt_machine_class_init: mc->default_ram_size = 128 MiB. */
const VIRT_DEFAULT_RAM = 128n * 1024n * 1024n;

export default definePairRule({
  id: 'iommu-aperture',
  level: 'error',
  scope: 'pair',
  summary: "The guest's RAM ends above the addresses the passed device's IOMMU takes for VFIO: QEMU cannot map it for DMA",
  symptoms: [SYMPTOM.qemuRefuses],
  messages: {
    ramAbove:
      "{{device}} ({{sysfs}}) is behind {{iommu}}, whose VFIO domain takes addresses up to {{limit}} only ({{source}}), but QEMU maps the guest's RAM for the device's DMA at its guest-physical addresses, {{ramStart}}-{{ramEnd}} ({{memory}}): vfio_dma_do_map refuses what lies above {{limit}} (-EINVAL) and QEMU fails the device (\"memory listener initialization failed: Region mach-virt.ram: vfio_dma_map(...) = -22\"); {{fix}}",
  },
  check({ pair, report }) {
    const args = pair.qemu?.args;
    if (!args) return;
    const memory = args.memory;
    // A size QEMU refuses is the qemu-args finding; nothing to compute from.
    if (memory && memory.bytes === undefined) return;
    const size = memory?.bytes ?? VIRT_DEFAULT_RAM;
    const ramEnd = VIRT_RAM_BASE + size - 1n;
    const entries = allStreamEntries(pair.iommu);
    for (const d of pair.passed) {
      if (!d.qemu) continue;
      const iommus: Node[] = [];
      for (const e of entries) if (e.data?.node === d.node && !iommus.includes(e.data.iommu)) iommus.push(e.data.iommu);
      for (const iommu of iommus) {
        const aperture = vfioAperture(iommu);
        if (!aperture || ramEnd <= aperture.end) continue;
        const room = aperture.end + 1n - VIRT_RAM_BASE;
        const fix =
          room > 0n
            ? `give the guest at most ${sizeText(room).text} of RAM (-m ${sizeText(room).option}), which ends at ${hex(aperture.end)}${aperture.bestCase ? `, ${aperture.bestCase}` : ''}`
            : `no guest RAM fits: the virt machine's RAM starts at ${hex(VIRT_RAM_BASE)}, above ${hex(aperture.end)}; a device behind ${who(iommu)} cannot be passed to a virt guest`;
        report({
          at: memory?.at ?? d.qemu.at,
          messageId: 'ramAbove',
          data: {
            device: who(d.node),
            sysfs: d.sysfs,
            iommu: nodePath(iommu),
            limit: hex(aperture.end),
            source: aperture.source,
            ramStart: hex(VIRT_RAM_BASE),
            ramEnd: hex(ramEnd),
            memory: memory ? `-m ${memory.text}` : "QEMU's default 128 MiB",
            fix,
          },
          related: memory ? qemuNote(d) : [],
          subject: `${d.path}:aperture:${nodePath(iommu)}`,
          symptom: symptomLine(SYMPTOM.qemuRefuses),
        });
      }
    }
  },
});

/** A size as a message says it (`3 GiB`, `3064 MiB`) and as `-m` takes it (`3G`, `3064M`). */
function sizeText(bytes: bigint): { text: string; option: string } {
  const gib = 1024n * 1024n * 1024n;
  const mib = 1024n * 1024n;
  if (bytes % gib === 0n) return { text: `${bytes / gib} GiB`, option: `${bytes / gib}G` };
  return { text: `${bytes / mib} MiB`, option: `${bytes / mib}M` };
}
