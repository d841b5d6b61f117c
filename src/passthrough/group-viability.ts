/**
 * Which members of an IOMMU group can make it non-viable for VFIO (Linux 6.12).
 *
 * VFIO's container path (drivers/vfio/container.c vfio_container_attach_group) calls
 * iommu_group_claim_dma_owner, which fails with -EPERM while group->owner_cnt is non-zero; a host
 * driver bound to a member raised it (iommu_device_use_default_domain, from the driver core's
 * pre-probe path), unless the driver sets driver_managed_dma (vfio-platform does). VFIO_GROUP_GET_STATUS
 * reports the group viable when !iommu_group_dma_owner_claimed (drivers/vfio/group.c
 * vfio_group_ioctl_get_status). So a member with no driver bound does not make the group non-viable.
 *
 * dtlint sees the devicetree, not the host kernel's drivers:
 * - a member that is not available creates no platform device at all;
 * - a member without `compatible` creates none either (of_platform_populate calls
 *   of_platform_bus_create with strict = true, which skips nodes without compatible);
 * - a member whose compatibles are placeholders no Linux 6.12 driver matches (the seed's
 *   "fsl,dummy") exists but binds no driver;
 * - any other member may have a host driver bind it: dtlint cannot tell whether the host kernel
 *   has that driver, so findings say "if a host driver binds it".
 */
import { getProperty, propertyStrings } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { isAvailable } from './pair.js';

/** Compatibles that no driver of Linux 6.12 matches (grep over drivers/ and sound/ finds none). */
export const PLACEHOLDER_COMPATIBLES: ReadonlySet<string> = new Set(['fsl,dummy']);

export type MemberState =
  /** Disabled (or a disabled ancestor), or no compatible: Linux creates no platform device. */
  | { state: 'no-device'; why: 'disabled' | 'no-compatible' }
  /** Only placeholder compatibles: the device exists but no driver binds it. */
  | { state: 'no-driver'; compatible: string }
  /** A host driver may bind it (if the host kernel has one for `compatible`). */
  | { state: 'may-bind'; compatible: string };

export function memberState(node: Node): MemberState {
  if (!isAvailable(node)) return { state: 'no-device', why: 'disabled' };
  const prop = getProperty(node, 'compatible');
  const list = prop ? (propertyStrings(prop) ?? []) : [];
  if (list.length === 0) return { state: 'no-device', why: 'no-compatible' };
  const real = list.find((c) => !PLACEHOLDER_COMPATIBLES.has(c));
  return real === undefined ? { state: 'no-driver', compatible: list[0]! } : { state: 'may-bind', compatible: real };
}

/** A member that, with a host driver bound, keeps the group from being viable. */
export function mayBlockGroup(node: Node): boolean {
  return memberState(node).state === 'may-bind';
}
