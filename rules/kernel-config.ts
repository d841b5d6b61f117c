/**
 * kernel-config: with --kconfig, the host kernel lacks an option KVM + vfio-platform with QEMU 7.2
 * needs (VFIO, VFIO_PLATFORM, VFIO_CONTAINER, VFIO_IOMMU_TYPE1, KVM, the driver of each IOMMU the
 * passed devices name), or a fragment enables an IOMMU driver for hardware the SoC does not have.
 */
import { basename } from 'node:path';
import { pointLocation } from '../src/dts/location.js';
import { getProperty, nodePath, walk, compatibles } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { iommuDriverOf } from '../src/passthrough/iommu-drivers.js';
import { hostPageSize, missingOptionsFor, type NeededIommu } from '../src/passthrough/kconfig.js';
import { isAvailable } from '../src/passthrough/availability.js';
import { allStreamEntries } from '../src/passthrough/smmu.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';

/**
 * DARTs with 16 KiB pages. drivers/iommu/apple-dart.c reads the page size from the hardware
 * (apple_dart_probe: DART_PARAMS1_PAGE_SHIFT); the DARTs of Apple's M1 (t8103), M1 Pro/Max/Ultra
 * (t6000) and M2 (t8110) report 16 KiB, which is why kernels for them are built with 16 KiB pages.
 */
const DARTS_16K = ['apple,t8103-dart', 'apple,t6000-dart', 'apple,t8110-dart'];

/** The unused option breaks nothing at run time; every pair finding still names what the user sees. */
const NO_SYMPTOM = 'none: the option drives no hardware on this SoC';

export default definePairRule({
  id: 'kernel-config',
  level: 'error',
  scope: 'pair',
  summary: 'With --kconfig: the host kernel lacks VFIO, VFIO_PLATFORM, VFIO_CONTAINER/VFIO_IOMMU_TYPE1, KVM or the IOMMU driver the passed devices need',
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  softMessages: ['irrelevant', 'unknown', 'dartPageUnknown'],
  messages: {
    missing: 'CONFIG_{{name}} is {{state}} in {{file}}: passthrough needs {{reason}}',
    irrelevant: 'CONFIG_{{name}}=y: {{reason}}{{instead}}',
    unknown: '{{file}} does not set CONFIG_{{name}} (a fragment leaves it to the base config): passthrough needs {{reason}}; make sure the base config enables it',
    dartPage:
      'CONFIG_{{option}}: {{iommu}} ("{{compatible}}"), which {{device}} is behind, has 16 KiB pages, more than this kernel\'s {{page}}: apple_dart_finalize_domain refuses to attach a paging domain (-EINVAL) and apple_dart_def_domain_type gives the group an identity domain, so VFIO\'s type1 container cannot take the group and QEMU fails to set it up; build the host kernel with CONFIG_ARM64_16K_PAGES=y',
    dartPageUnknown:
      '{{file}} does not settle the page size (arm64\'s default is 4 KiB): {{iommu}} ("{{compatible}}"), which {{device}} is behind, has 16 KiB pages, and a kernel with smaller pages cannot attach a paging domain to it (apple_dart_finalize_domain: -EINVAL), so VFIO cannot use it; make sure the base config sets CONFIG_ARM64_16K_PAGES=y',
  },
  check({ pair, report }) {
    const config = pair.kconfig;
    if (!config) return;
    // Every IOMMU the SoC has (a disabled one too: the hardware is there; passthrough-no-iommu
    // reports a passed device that names it), and those the passed devices name.
    const socIommus: Node[] = [];
    walk(pair.host.tree, (n) => {
      if (getProperty(n, '#iommu-cells')) socIommus.push(n);
    });
    // The IOMMUs the passed devices' iommus name, whether or not they end up in a group.
    const needed: NeededIommu[] = [];
    const usedIommus: Node[] = [];
    const entries = allStreamEntries(pair.iommu);
    for (const e of entries) {
      const iommu = e.data?.iommu;
      if (!iommu || !e.data || !pair.isPassed(e.data.node) || !isAvailable(iommu)) continue;
      const driver = iommuDriverOf(compatibles(iommu));
      if (!usedIommus.includes(iommu)) usedIommus.push(iommu);
      if (driver) needed.push({ driver, node: nodePath(iommu), compatible: compatibles(iommu)[0] ?? '?' });
    }
    const check = missingOptionsFor(config, needed, socIommus.map(compatibles));
    const head = pointLocation(config.file, 1, 1);
    const file = basename(config.file);
    const named = new Set<string>();
    for (const r of check.missing) {
      named.add(r.name);
      report({ at: r.at ?? head, messageId: 'missing', data: { name: r.name, state: r.state === 'missing' ? 'not set' : 'off', file, reason: r.reason }, subject: `kconfig:${r.name}`, symptom: symptomOf(r.name) });
    }
    for (const r of check.irrelevant) {
      // Say which driver the SoC needs instead, when the config does not enable it: name the IOMMU
      // the passed devices use, else an enabled one, else any.
      const candidates = [...usedIommus, ...socIommus.filter((n) => isAvailable(n)), ...socIommus];
      const wanted = candidates
        .map((n) => ({ node: n, option: iommuDriverOf(compatibles(n))?.kconfig }))
        .find((w) => w.option !== undefined && check.required.some((q) => q.name === w.option && q.state !== 'enabled' && q.state !== 'module'));
      if (wanted?.option) named.add(wanted.option);
      const instead = wanted ? `; the SoC's ${nodePath(wanted.node)} (${compatibles(wanted.node)[0] ?? '?'}) needs CONFIG_${wanted.option}, which ${file} does not enable` : '';
      report({ at: r.at, messageId: 'irrelevant', data: { name: r.name, reason: r.reason, instead }, subject: `kconfig:${r.name}`, symptom: NO_SYMPTOM });
    }
    for (const r of check.unknown) {
      if (named.has(r.name)) continue;
      report({ at: head, messageId: 'unknown', data: { file, name: r.name, reason: r.reason }, subject: `kconfig:${r.name}`, symptom: symptomOf(r.name) });
    }
    // Apple DARTs with 16 KiB pages: apple_dart_finalize_domain refuses a kernel with smaller ones.
    const page = hostPageSize(config);
    for (const iommu of usedIommus) {
      const compatible = compatibles(iommu).find((c) => DARTS_16K.includes(c));
      if (compatible === undefined || !page.possible.some((size) => size < 0x4000n)) continue;
      const device = entries.find((e) => e.data?.iommu === iommu && pair.isPassed(e.data.node))!.data!.node;
      const data = { iommu: nodePath(iommu), compatible, device: nodePath(device) };
      const symptom = symptomLine(SYMPTOM.qemuRefuses);
      if (page.certain) {
        report({ at: page.at ?? head, messageId: 'dartPage', data: { ...data, option: `${page.option ?? 'PAGE_SIZE'}`, page: `${page.size / 1024n} KiB pages` }, subject: `kconfig:page:${nodePath(iommu)}`, symptom });
      } else {
        report({ at: head, messageId: 'dartPageUnknown', data: { ...data, file }, subject: `kconfig:page:${nodePath(iommu)}`, symptom });
      }
    }
  },
});

/** What the user sees without the option: QEMU fails for the container and KVM, the bind for the rest. */
function symptomOf(name: string): string {
  if (name === 'KVM' || name === 'VFIO_CONTAINER' || name === 'VFIO_IOMMU_TYPE1') return symptomLine(SYMPTOM.qemuRefuses);
  return symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
}
