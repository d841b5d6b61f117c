/**
 * Whether the host can isolate a group's MSIs, the test VFIO applies before it hands out a group.
 *
 * Linux 6.12 (since 6.3): vfio_iommu_type1_attach_group (drivers/vfio/vfio_iommu_type1.c) and, for
 * iommufd's compatibility container, iommufd_device_bind (drivers/iommu/iommufd/device.c) refuse
 * with -EPERM unless `allow_unsafe_interrupts` is set or iommu_group_has_isolated_msi
 * (drivers/iommu/iommu.c) holds for every device of the group. msi_device_has_isolated_msi
 * (kernel/irq/msi.c) walks the device's MSI domain and its parents for IRQ_DOMAIN_FLAG_ISOLATED_MSI,
 * else returns arch_is_isolated_msi(), false on arm64 (only s390 defines it true). A platform
 * device's MSI domain is the one its `msi-parent` names (of_msi_configure -> of_msi_get_domain),
 * none without one; on arm64 only the GICv3 ITS sets the flag (its_probe_one; the Synquacer pre-ITS
 * clears it). So a vfio-platform device without an `msi-parent` on an ITS fails the test.
 *
 * Before 6.3 the test was irq_domain_check_msi_remap: any irq domain with IRQ_DOMAIN_FLAG_MSI_REMAP,
 * which a probed GICv3 ITS anywhere on the host gave, made every group pass.
 */
import { compatibles, getProperty, walk } from '../dts/query.js';
import type { Node, Tree } from '../dts/tree.js';
import { bindingById } from '../graph/bindings.js';
import { splitList, type SplitContext } from '../graph/split.js';
import { isAvailable } from './availability.js';
import { containerIsVfios, type KconfigFile } from './kconfig.js';
import { moduleBuild, type ModuleBuild, type ModuleParam } from './module-param.js';

/** A GICv3 ITS that its_of_probe registers (available, `msi-controller`). */
function isIts(node: Node): boolean {
  return compatibles(node).includes('arm,gic-v3-its') && isAvailable(node) && getProperty(node, 'msi-controller') !== undefined;
}

/**
 * An ITS whose isolation the Synquacer pre-ITS quirk clears: irq-gic-v3-its.c
 * its_enable_quirk_socionext_synquacer (for the node's `socionext,synquacer-pre-its`) removes
 * IRQ_DOMAIN_FLAG_ISOLATED_MSI; the quirk is built only with CONFIG_SOCIONEXT_SYNQUACER_PREITS, so a
 * config that turns it off (`quirk` false) leaves the ITS isolating.
 */
export function isPreIts(node: Node, quirk = true): boolean {
  return quirk && isIts(node) && getProperty(node, 'socionext,synquacer-pre-its') !== undefined;
}

/** A GICv3 ITS that isolates MSIs (not a pre-ITS whose quirk is built). */
export function isIsolatingIts(node: Node, quirk = true): boolean {
  return isIts(node) && !isPreIts(node, quirk);
}

/** Whether the kernel config builds the pre-ITS quirk (CONFIG_SOCIONEXT_SYNQUACER_PREITS, default y on ARCH_SYNQUACER). */
export function preItsQuirkBuilt(kconfig: KconfigFile | undefined): boolean {
  const value = kconfig?.byName.get('SOCIONEXT_SYNQUACER_PREITS')?.value;
  return value !== 'n';
}

/** The host's isolating ITS nodes (what irq_domain_check_msi_remap found before 6.3). */
export function hostIts(tree: Tree, quirk = true): Node[] {
  const out: Node[] = [];
  walk(tree, (n) => {
    if (isIsolatingIts(n, quirk)) out.push(n);
  });
  return out;
}

/** The host's ITS nodes that are pre-ITSes (their quirk built). */
export function hostPreIts(tree: Tree, quirk = true): Node[] {
  const out: Node[] = [];
  walk(tree, (n) => {
    if (isPreIts(n, quirk)) out.push(n);
  });
  return out;
}

/**
 * msi_device_has_isolated_msi for a platform device on arm64: the first `msi-parent` entry that names
 * an available MSI controller gives its domain (of_msi_get_domain); isolated when that is an ITS.
 */
export function hasIsolatedMsi(node: Node, ctx: SplitContext, quirk = true): boolean {
  const controller = msiParentController(node, ctx);
  return controller !== undefined && isIsolatingIts(controller, quirk);
}

/** The MSI controller whose domain of_msi_get_domain gives the device: its first available `msi-parent` controller. */
export function msiParentController(node: Node, ctx: SplitContext): Node | undefined {
  const prop = getProperty(node, 'msi-parent');
  if (!prop) return undefined;
  for (const e of splitList(node, prop, bindingById('msi-parent')!, ctx).entries) {
    const p = e.provider;
    if (!p || !isAvailable(p) || getProperty(p, 'msi-controller') === undefined) continue;
    return p;
  }
  return undefined;
}

/** Which VFIO container QEMU 7.2's /dev/vfio/vfio is, and so which module's parameter counts. */
export interface ContainerBackend {
  param: ModuleParam;
  /** The Kconfig symbol that builds that module. */
  symbol: string;
  build: ModuleBuild;
  /** What fails, and what QEMU 7.2 prints (hw/vfio/common.c). */
  refusal: string;
}

/**
 * VFIO's own container (VFIO_CONTAINER, which selects VFIO_IOMMU_TYPE1 on arm64) or iommufd's
 * (IOMMUFD_VFIO_CONTAINER, only when VFIO_CONTAINER is off); undefined when the config has neither
 * (kernel-config reports that).
 */
export function containerBackend(kconfig: KconfigFile | undefined): ContainerBackend | undefined {
  const value = (s: string): string | undefined => kconfig?.byName.get(s)?.value;
  // Before 6.2 VFIO makes the container itself (there is no VFIO_CONTAINER, nor iommufd).
  const vfioContainerOff = !containerIsVfios(kconfig) && (value('VFIO_CONTAINER') === 'n' || (kconfig?.full === true && value('VFIO_CONTAINER') === undefined));
  if (vfioContainerOff && value('IOMMUFD_VFIO_CONTAINER') === 'y') {
    return {
      param: { module: 'iommufd', name: 'allow_unsafe_interrupts', wanted: true },
      symbol: 'IOMMUFD',
      build: moduleBuild(kconfig, 'IOMMUFD').build,
      refusal:
        'iommufd_device_bind (iommufd\'s container, IOMMUFD_VFIO_CONTAINER) refuses the device (-EPERM) and QEMU stops ("error getting device from group <n>: Operation not permitted")',
    };
  }
  if (vfioContainerOff) return undefined;
  // VFIO_IOMMU_TYPE1 has no prompt: VFIO_CONTAINER selects it with VFIO's value when a config does not say.
  const own = moduleBuild(kconfig, 'VFIO_IOMMU_TYPE1');
  const build = kconfig?.byName.has('VFIO_IOMMU_TYPE1') ? own.build : moduleBuild(kconfig, 'VFIO').build;
  if (build === 'off') return undefined;
  return {
    param: { module: 'vfio_iommu_type1', name: 'allow_unsafe_interrupts', wanted: true },
    symbol: 'VFIO_IOMMU_TYPE1',
    build,
    refusal:
      'vfio_iommu_type1_attach_group refuses the group (-EPERM, "No interrupt remapping support") and QEMU stops ("Failed to set iommu for container: Operation not permitted")',
  };
}
