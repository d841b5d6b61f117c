/**
 * Whether a device masters DMA, i.e. issues memory transactions of its own that carry a stream ID
 * through the IOMMU. Only such a device can fault on DMA when its stream ID is wrong.
 *
 * dtlint reads the class from the node name, which the Devicetree Specification (v0.4, section
 * 2.2.2, "Generic Names Recommendation") asks to name the device's class: a class of bus-master
 * controllers (ethernet, mmc, usb, sata, pci/pcie, dma-controller, gpu, display, video-codec, crypto)
 * is a master; a class of register-only blocks (clock-controller, mailbox, pinctrl, gpio, timer, ...)
 * is not; every other name is unknown, and a finding then says "if it masters DMA". A node with
 * `#dma-cells` is a DMA controller, whatever its name. Peripherals served by a separate DMA
 * controller through `dmas` (UARTs, SPI, I2C, audio on i.MX) do not master their DMA themselves:
 * their names stay unknown rather than guessed.
 */
import { getProperty } from '../dts/query.js';
import type { Node } from '../dts/tree.js';

export type DmaMastering = 'master' | 'none' | 'unknown';

const MASTERS: ReadonlySet<string> = new Set([
  'crypto',
  'display',
  'display-controller',
  'dma-controller',
  'ethernet',
  'gpu',
  'lcd-controller',
  'mmc',
  'pci',
  'pcie',
  'sata',
  'usb',
  'video-codec',
]);

const NOT_MASTERS: ReadonlySet<string> = new Set([
  'clock',
  'clock-controller',
  'efuse',
  'ethernet-phy',
  'gpio',
  'hwlock',
  'interrupt-controller',
  'iommu',
  'keys',
  'led-controller',
  'mailbox',
  'mdio',
  'phy',
  'pinctrl',
  'power-controller',
  'pwm',
  'regulator',
  'reset-controller',
  'rtc',
  'syscon',
  'temperature-sensor',
  'thermal-sensor',
  'timer',
  'usb-phy',
  'watchdog',
]);

/** The node name without its unit address: `ethernet` for `ethernet@5b040000`. */
export function nodeClass(node: Node): string {
  const at = node.name.indexOf('@');
  return at === -1 ? node.name : node.name.slice(0, at);
}

export function dmaMastering(node: Node): DmaMastering {
  if (getProperty(node, '#dma-cells')) return 'master';
  const cls = nodeClass(node);
  if (MASTERS.has(cls)) return 'master';
  if (NOT_MASTERS.has(cls)) return 'none';
  return 'unknown';
}
