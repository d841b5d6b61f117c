/**
 * region-not-mmappable: a region of a passed device that vfio-platform will not let QEMU mmap (its
 * address or size is not a multiple of the host's page size, or it is smaller than a page), so every
 * guest access to it is a round trip through KVM, QEMU and the host kernel; also `x-no-mmap` on the
 * `-device`, which does the same to every region. A performance problem, not a failure: a warning.
 * The fix it offers depends on what else the host tree has in the region's pages (mmio-pages.ts).
 */
import { basename } from 'node:path';
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { Location } from '../src/dts/location.js';
import { getProperty, propertyStrings } from '../src/dts/query.js';
import { regEntries } from '../src/graph/address.js';
import { anchorFor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { hostPageSize, type HostPageSize } from '../src/passthrough/kconfig.js';
import { pageNeighbours, type MmioRange } from '../src/passthrough/mmio-pages.js';
import type { PassedDevice } from '../src/passthrough/pair.js';
import { vfioRegionMmappable } from '../src/passthrough/platform-bus.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { hex, listText } from '../src/dts/message-text.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

/** The smallest page arm64 Linux runs with (ARM64_4K_PAGES). */
const SMALLEST_PAGE = 0x1000n;

export default definePairRule({
  id: 'region-not-mmappable',
  level: 'warning',
  scope: 'pair',
  summary: "A passed device's region is smaller than a host page or not page aligned (or x-no-mmap is set): QEMU cannot mmap it, every guest access traps",
  symptoms: [SYMPTOM.slowAccess],
  messages: {
    // What a trapped access costs follows QEMU 7.2 vfio_region_read/write and vfio_platform_read_mmio.
    unmappable:
      '{{region}} of {{device}} ({{sysfs}}), {{size}} bytes at {{address}}, {{why}}: vfio-platform does not let QEMU mmap it, so every guest access to it traps to KVM, exits to QEMU and becomes a pread/pwrite on the vfio device, an ioread/iowrite in the host kernel, instead of a direct access{{pages}}; {{fix}}',
    noMmap:
      '{{device}} ({{sysfs}}) is passed with x-no-mmap={{value}}: QEMU mmaps none of its regions, so every guest access to them traps to KVM, exits to QEMU and becomes a pread/pwrite on the vfio device, an ioread/iowrite in the host kernel, instead of a direct access; drop x-no-mmap (a debugging option)',
  },
  check({ pair, report }) {
    const page = hostPageSize(pair.kconfig);
    const pageNotes: RelatedLocation[] = page.at ? [{ message: `CONFIG_${page.option}: the host's pages are ${kib(page.size)}`, at: page.at }] : [];
    for (const d of pair.passed) {
      if (!d.available) continue;
      const related = qemuNote(d);
      reportNoMmap(d, (at, value) =>
        report({ at, messageId: 'noMmap', data: { device: who(d.node), sysfs: d.sysfs, value }, related: notesBesides(related, at), subject: `${d.path}:x-no-mmap`, symptom: SYMPTOM.slowAccess }),
      );
      const entries = regEntries(d.node);
      if (!Array.isArray(entries)) continue;
      const names = regNames(d);
      for (const [i, entry] of entries.entries()) {
        const size = d.footprint.regionSizes[i] ?? entry.size;
        // A zero-sized region is QEMU's failure to place it (mmio-mismatch), not a slow one.
        if (size === 0n) continue;
        // A reg that does not translate gives Linux no resource at all (reg-not-translatable says so).
        const address = d.footprint.regionAddresses?.[i];
        if (address === undefined) continue;
        const why = unmappableWhy(address, size, page.size);
        if (!why) continue;
        const neighbours = pageNeighbours(pair.host.tree, d.node, address, address + size, page.size);
        const at = anchorFor(pair, pair.host, entry.at, d.node, d);
        const region = `region ${i}${names[i] !== undefined ? ` ("${names[i]}")` : ''}`;
        const notes = at === entry.at ? [] : [{ message: `the reg entry of ${region}`, at: entry.at }];
        report({
          at,
          messageId: 'unmappable',
          data: {
            region,
            device: who(d.node),
            sysfs: d.sysfs,
            size: hex(size),
            address: hex(address),
            why,
            pages: pagesText(page, pair.kconfig ? basename(pair.kconfig.file) : undefined),
            fix: fixText(address, size, page, neighbours),
          },
          related: notesBesides([...notes, ...pageNotes, ...related], at),
          subject: `${d.path}:reg:${i}`,
          symptom: SYMPTOM.slowAccess,
        });
      }
    }
  },
});

/** Why vfio_platform_regions_init withholds the mmap flag, or undefined when it sets it. */
function unmappableWhy(address: bigint, size: bigint, page: bigint): string | undefined {
  if (vfioRegionMmappable(address, size, page)) return undefined;
  const reasons: string[] = [];
  if (size < page) reasons.push(`is smaller than a ${kib(page)} page`);
  else if (size % page !== 0n) reasons.push(`is not a whole number of ${kib(page)} pages`);
  if (address % page !== 0n) reasons.push(`starts ${hex(address % page)} into a ${kib(page)} page`);
  return listText(reasons);
}

/** Whether the page size is the config's, or assumed (and then what larger pages change). */
function pagesText(page: HostPageSize, config: string | undefined): string {
  if (page.certain) return '';
  const larger = page.possible.filter((s) => s > page.size).map(kib);
  const also = larger.length > 0 ? `, and with ${larger.join(' or ')} pages it is so too` : '';
  const unsaid = config ? `${config} does not set CONFIG_ARM64_*_PAGES` : 'no --kconfig gives the page size';
  return ` (dtlint assumes ${kib(page.size)} pages: ${unsaid}${also})`;
}

/**
 * What the user can do: smaller host pages; a host reg rounded up to whole pages, only when nothing
 * else of the tree is in them and the SoC manual gives the rest of the page to this device; else
 * live with it.
 */
function fixText(address: bigint, size: bigint, page: HostPageSize, neighbours: readonly MmioRange[]): string {
  const others = listText(neighbours.map((r) => `${who(r.node)} (${hex(r.start)})`), 3);
  const shares = neighbours.length > 0 ? `the rest of its ${kib(page.size)} page holds registers of ${others}` : '';
  if (page.size > SMALLEST_PAGE && vfioRegionMmappable(address, size, SMALLEST_PAGE)) {
    return `a host kernel with 4 KiB pages (CONFIG_ARM64_4K_PAGES) lets QEMU map it${shares ? ` (${shares})` : ''}`;
  }
  if (shares) return `${shares}, which a page-sized region would hand to the guest: keep the reg and accept the cost`;
  if (address % page.size === 0n) {
    const rounded = ((size + page.size - 1n) / page.size) * page.size;
    return `no other node of the host tree has registers in the rest of its page: if the SoC manual gives the rest to this device, rounding the host reg's size up to ${hex(rounded)} lets QEMU map it (the guest's reg may keep the real size, but QEMU aligns each platform-bus region to its size, so this region's slot and those after it may move: mmio-mismatch then gives the new guest addresses); else accept the cost`;
  }
  return 'its registers do not start on a page boundary, so no host reg makes it mappable without moving the guest driver\'s register offsets: accept the cost';
}

/** The `x-no-mmap` of the device's -device, when it is on (qapi_bool_parse: on, yes, true, y). */
function reportNoMmap(d: PassedDevice, emit: (at: Location, value: string) => void): void {
  const q = d.qemu;
  const value = q?.props['x-no-mmap'];
  if (!q || value === undefined || !['on', 'yes', 'true', 'y'].includes(value)) return;
  emit(q.propAt['x-no-mmap'] ?? q.at, value);
}

function regNames(d: PassedDevice): string[] {
  const prop = getProperty(d.node, 'reg-names');
  return prop ? (propertyStrings(prop) ?? []) : [];
}

/** `4 KiB`, `64 KiB`. */
function kib(size: bigint): string {
  return `${size / 1024n} KiB`;
}
