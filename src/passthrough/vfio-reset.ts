/**
 * vfio-platform's reset requirement (Linux 6.12 drivers/vfio/platform): vfio_platform_init_dev copies
 * the module parameter `reset_required` (vfio_platform.c, default true) into the device, and
 * vfio_platform_init_common fails with -ENOENT ("No reset function found for device %s") when
 * vfio_platform_get_reset finds no reset function for the device's compatible. That compatible is the
 * first string of the node's `compatible` (vfio_platform_of_probe: device_property_read_string reads
 * one string). vfio_platform_get_reset looks it up in the registered reset handlers, then asks for
 * the module aliased `vfio-reset:<compatible>` (request_module) and looks again.
 *
 * The reset handlers of drivers/vfio/platform/reset (module_vfio_reset_handler), and their symbols
 * in reset/Kconfig. Every other compatible has none: the device needs reset_required=0.
 */
import type { ModuleParam } from './module-param.js';

export interface VfioResetModule {
  compatible: string;
  /** Kconfig symbol, without `CONFIG_`. */
  symbol: string;
  /** Source file under drivers/vfio/platform/reset. */
  file: string;
}

export const VFIO_RESET_MODULES: readonly VfioResetModule[] = [
  { compatible: 'calxeda,hb-xgmac', symbol: 'VFIO_PLATFORM_CALXEDAXGMAC_RESET', file: 'vfio_platform_calxedaxgmac.c' },
  { compatible: 'amd,xgbe-seattle-v1a', symbol: 'VFIO_PLATFORM_AMDXGBE_RESET', file: 'vfio_platform_amdxgbe.c' },
  { compatible: 'brcm,iproc-flexrm-mbox', symbol: 'VFIO_PLATFORM_BCMFLEXRM_RESET', file: 'vfio_platform_bcmflexrm.c' },
];

/** The reset handler registered for exactly this compatible (strcmp in vfio_platform_lookup_reset). */
export function vfioResetModuleFor(compatible: string): VfioResetModule | undefined {
  return VFIO_RESET_MODULES.find((m) => m.compatible === compatible);
}

/** `vfio_platform.reset_required=0`: vfio_platform.c's module_param (the module is vfio-platform.o). */
export const RESET_REQUIRED: ModuleParam = { module: 'vfio_platform', name: 'reset_required', wanted: false };
