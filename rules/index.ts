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
// dtc's checks of group 1 (names, strings, structure, buses).
import nodeNameChars from './node_name_chars.js';
import nodeNameFormat from './node_name_format.js';
import propertyNameChars from './property_name_chars.js';
import nameIsString from './name_is_string.js';
import nodeNameVsPropertyName from './node_name_vs_property_name.js';
import deviceTypeIsString from './device_type_is_string.js';
import modelIsString from './model_is_string.js';
import statusIsString from './status_is_string.js';
import labelIsString from './label_is_string.js';
import namesIsStringList from './names_is_string_list.js';
import propertyNameCharsStrict from './property_name_chars_strict.js';
import nodeNameCharsStrict from './node_name_chars_strict.js';
import dmaRangesFormat from './dma_ranges_format.js';
import unitAddressFormat from './unit_address_format.js';
import pciBridge from './pci_bridge.js';
import pciDeviceReg from './pci_device_reg.js';
import pciDeviceBusNum from './pci_device_bus_num.js';
import i2cBusBridge from './i2c_bus_bridge.js';
import i2cBusReg from './i2c_bus_reg.js';
import spiBusBridge from './spi_bus_bridge.js';
import spiBusReg from './spi_bus_reg.js';
import avoidUnnecessaryAddrSize from './avoid_unnecessary_addr_size.js';
import uniqueUnitAddress from './unique_unit_address.js';
import obsoleteChosenInterruptController from './obsolete_chosen_interrupt_controller.js';
import chosenNodeIsRoot from './chosen_node_is_root.js';
import chosenNodeBootargs from './chosen_node_bootargs.js';
import chosenNodeStdoutPath from './chosen_node_stdout_path.js';
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
import iommuAperture from './iommu-aperture.js';
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
  nodeNameChars,
  nodeNameFormat,
  propertyNameChars,
  nameIsString,
  nodeNameVsPropertyName,
  deviceTypeIsString,
  modelIsString,
  statusIsString,
  labelIsString,
  namesIsStringList,
  propertyNameCharsStrict,
  nodeNameCharsStrict,
  dmaRangesFormat,
  unitAddressFormat,
  pciBridge,
  pciDeviceReg,
  pciDeviceBusNum,
  i2cBusBridge,
  i2cBusReg,
  spiBusBridge,
  spiBusReg,
  avoidUnnecessaryAddrSize,
  uniqueUnitAddress,
  obsoleteChosenInterruptController,
  chosenNodeIsRoot,
  chosenNodeBootargs,
  chosenNodeStdoutPath,
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
  iommuAperture,
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
