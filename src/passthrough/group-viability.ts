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
 *   "fsl,dummy", or any compatible containing "vfio", as in "generic-ohci-vfio") exists but binds
 *   no driver;
 * - any other member may have a host driver bind it: dtlint cannot tell whether the host kernel
 *   has that driver, so findings say "if a host driver binds it". A compatible that an override
 *   (a later `&label { }` of the node) wrote is less certain still than the node's own: the user
 *   may have renamed it precisely to keep host drivers away.
 */
import type { Location } from '../dts/location.js';
import { getProperty, propertyStrings } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { isAvailable } from './availability.js';

/** Compatibles that no driver of Linux 6.12 matches (no of_device_id entry in drivers/, sound/, net/, arch/). */
export const PLACEHOLDER_COMPATIBLES: ReadonlySet<string> = new Set(['fsl,dummy']);

/** No Linux 6.12 of_device_id entry names a compatible containing "vfio": users rename nodes so. */
export function isPlaceholderCompatible(compatible: string): boolean {
  return PLACEHOLDER_COMPATIBLES.has(compatible) || compatible.includes('vfio');
}

export type MemberState =
  /** Disabled (or a disabled ancestor), or no compatible: Linux creates no platform device. */
  | { state: 'no-device'; why: 'disabled' | 'no-compatible' }
  /** Only placeholder compatibles: the device exists but no driver binds it. */
  | { state: 'no-driver'; compatible: string }
  /** A host driver may bind it (if the host kernel has one for `compatible`); `renamed` when an override wrote the compatible. */
  | { state: 'may-bind'; compatible: string; renamed: boolean };

export function memberState(node: Node): MemberState {
  if (!isAvailable(node)) return { state: 'no-device', why: 'disabled' };
  const prop = getProperty(node, 'compatible');
  const list = prop ? (propertyStrings(prop) ?? []) : [];
  if (!prop || list.length === 0) return { state: 'no-device', why: 'no-compatible' };
  const real = list.find((c) => !isPlaceholderCompatible(c));
  if (real === undefined) return { state: 'no-driver', compatible: list[0]! };
  return { state: 'may-bind', compatible: real, renamed: compatibleOverridden(node) };
}

/** A member that, with a host driver bound, keeps the group from being viable (its own compatible, not a renamed one). */
export function mayBlockGroup(node: Node): boolean {
  const state = memberState(node);
  return state.state === 'may-bind' && !state.renamed;
}

/**
 * Whether the node's `compatible` was written by an override (a later definition of the node) rather
 * than by the node's first definition: the definition it belongs to is the last one that starts
 * before it in the same file.
 */
export function compatibleOverridden(node: Node): boolean {
  const prop = getProperty(node, 'compatible');
  if (!prop || node.definedAt.length < 2) return false;
  let owner: Location | undefined;
  for (const d of node.definedAt) {
    if (d.file === prop.at.file && before(d, prop.at) && (!owner || owner.file !== d.file || before(owner, d))) owner = d;
  }
  return owner !== node.definedAt[0];
}

function before(a: Location, b: Location): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}
