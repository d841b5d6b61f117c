/**
 * The rule registry: every rule dtlint knows, one module each, named by its id.
 * Add a rule here, give it `docs/rules/<id>.md`, and test/rules/docs.test.ts checks the page.
 */
import type { AnyRule } from '../src/lint/rule.js';
import commentSwallowsCode from './comment-swallows-code.js';
import commentedOutCode from './commented-out-code.js';
import syntaxError from './syntax-error.js';
import unresolvedReference from './unresolved-reference.js';
import unusedSuppression from './unused-suppression.js';
import phandleArgs from './phandle-args.js';
import rawPhandle from './raw-phandle.js';
import interruptParent from './interrupt-parent.js';
import regNotTranslatable from './reg-not-translatable.js';
import disabledSupplier from './disabled-supplier.js';
import deleteMissing from './delete-missing.js';
import regFormat from './reg_format.js';
import rangesFormat from './ranges_format.js';
import avoidDefaultAddrSize from './avoid_default_addr_size.js';
import unitAddressVsReg from './unit_address_vs_reg.js';
import simpleBusReg from './simple_bus_reg.js';
import uniqueUnitAddressIfEnabled from './unique_unit_address_if_enabled.js';
import addressCellsIsCell from './address_cells_is_cell.js';
import sizeCellsIsCell from './size_cells_is_cell.js';
import { phandleCellsRules } from './support/dtc-phandles.js';
import deprecatedGpioProperty from './deprecated_gpio_property.js';
import gpiosProperty from './gpios_property.js';
import interruptsProperty from './interrupts_property.js';
import interruptProvider from './interrupt_provider.js';
import aliasPaths from './alias_paths.js';
import graphChildAddress from './graph_child_address.js';
import graphPort from './graph_port.js';
import graphEndpoint from './graph_endpoint.js';
import passthroughUnknownDevice from './passthrough-unknown-device.js';
import passthroughNoIommu from './passthrough-no-iommu.js';
import iommuGroupIncomplete from './iommu-group-incomplete.js';
import ubootStrip from './uboot-strip.js';
import pinctrlPadNotAssigned from './pinctrl-pad-not-assigned.js';
import interruptMismatch from './interrupt-mismatch.js';
import gicVersion from './gic-version.js';
import mmioMismatch from './mmio-mismatch.js';
import smmuSidUnprogrammed from './smmu-sid-unprogrammed.js';
import smmuBypassDisabled from './smmu-bypass-disabled.js';
import muClash from './mu-clash.js';
import hostConsumerOfPassed from './host-consumer-of-passed.js';
import guestMissingDependency from './guest-missing-dependency.js';
import kernelConfig from './kernel-config.js';
import pairInput from './pair-input.js';
import vfioResetRequired from './vfio-reset-required.js';
import vfioUnsafeInterrupts from './vfio-unsafe-interrupts.js';
import regionNotMmappable from './region-not-mmappable.js';
import sharedInterruptLine from './shared-interrupt-line.js';
import passthroughMsi from './passthrough-msi.js';
import dmaCoherenceMismatch from './dma-coherence-mismatch.js';
import passedClockGated from './passed-clock-gated.js';
import scuResourceNotOwned from './scu-resource-not-owned.js';
import passedPowerDomains from './passed-power-domains.js';
import vfioIommuCoherency from './vfio-iommu-coherency.js';

export const rules: readonly AnyRule[] = [
  syntaxError,
  unresolvedReference,
  commentSwallowsCode,
  commentedOutCode,
  unusedSuppression,
  // Graph-based source rules.
  phandleArgs,
  rawPhandle,
  interruptParent,
  regNotTranslatable,
  disabledSupplier,
  deleteMissing,
  // dtc parity, under dtc's own check names.
  regFormat,
  rangesFormat,
  avoidDefaultAddrSize,
  unitAddressVsReg,
  simpleBusReg,
  uniqueUnitAddressIfEnabled,
  addressCellsIsCell,
  sizeCellsIsCell,
  // clocks_property, clocks_is_cell, ...: generated from checks.c's WARNING_PROPERTY_PHANDLE_CELLS rows.
  ...phandleCellsRules,
  deprecatedGpioProperty,
  gpiosProperty,
  interruptsProperty,
  interruptProvider,
  aliasPaths,
  graphChildAddress,
  graphPort,
  graphEndpoint,
  // Passthrough rules: they see a host/guest pair (dtlint check, config pairs).
  passthroughUnknownDevice,
  passthroughNoIommu,
  iommuGroupIncomplete,
  ubootStrip,
  pinctrlPadNotAssigned,
  interruptMismatch,
  gicVersion,
  sharedInterruptLine,
  passthroughMsi,
  dmaCoherenceMismatch,
  vfioIommuCoherency,
  mmioMismatch,
  smmuSidUnprogrammed,
  smmuBypassDisabled,
  muClash,
  hostConsumerOfPassed,
  guestMissingDependency,
  kernelConfig,
  vfioResetRequired,
  vfioUnsafeInterrupts,
  pairInput,
  regionNotMmappable,
  passedClockGated,
  passedPowerDomains,
  scuResourceNotOwned,
];
