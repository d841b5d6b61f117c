import { describe, expect, it } from '@jest/globals';
import {
  allocatePlatformBus,
  guestTriggerFor,
  IRQ_TYPE,
  QEMU_SYSBUS_FOOTPRINTS,
  qemuWritesGuestNode,
  VIRT_PLATFORM_BUS,
  type PlatformBusDeviceInput,
} from '../../src/passthrough/platform-bus.js';

describe('allocatePlatformBus', () => {
  it('places the seed devices where QEMU does', () => {
    const result = allocatePlatformBus([
      { name: '5b230000.clock-controller', regionSizes: [0x10000n], regionAddresses: [0x5b230000n], irqCount: 0 },
      { name: '5b040000.ethernet', regionSizes: [0x10000n], regionAddresses: [0x5b040000n], irqCount: 4 },
      { name: '5d1d0000.mailbox', regionSizes: [0x10000n], regionAddresses: [0x5d1d0000n], irqCount: 1 },
    ]);
    expect(result.failure).toBeUndefined();
    expect(result.placements).toEqual([
      {
        name: '5b230000.clock-controller',
        index: 0,
        slots: [{ region: 0, base: 0xc000000n, size: 0x10000n, offset: 0n, alignment: 0x10000n, mmap: true }],
        spis: [],
      },
      {
        name: '5b040000.ethernet',
        index: 1,
        slots: [{ region: 0, base: 0xc010000n, size: 0x10000n, offset: 0x10000n, alignment: 0x10000n, mmap: true }],
        spis: [0x70, 0x71, 0x72, 0x73],
      },
      {
        name: '5d1d0000.mailbox',
        index: 2,
        slots: [{ region: 0, base: 0xc020000n, size: 0x10000n, offset: 0x20000n, alignment: 0x10000n, mmap: true }],
        spis: [0x74],
      },
    ]);
  });

  it('aligns each region to its size rounded up to a power of two and fills holes', () => {
    const result = allocatePlatformBus([
      { name: 'a', regionSizes: [0x1000n], irqCount: 0 },
      { name: 'b', regionSizes: [0x3000n, 0x800n], irqCount: 1 },
      { name: 'c', regionSizes: [0x1000n], irqCount: 2 },
    ]);
    const slots = result.placements.map((p) => p.slots.map((s) => [s.offset, s.alignment]));
    // b's 0x3000 region needs 0x4000 alignment: 0 is taken by a, so 0x4000; its 0x800 region fits at 0x1000.
    expect(slots).toEqual([[[0n, 0x1000n]], [[0x4000n, 0x4000n], [0x1000n, 0x800n]], [[0x2000n, 0x1000n]]]);
    expect(result.placements.map((p) => p.spis)).toEqual([[], [112], [113, 114]]);
  });

  it('notes regions that lose the mmap fast path', () => {
    const result = allocatePlatformBus([{ name: 'odd', regionSizes: [0x100n], regionAddresses: [0x5b040000n], irqCount: 0 }]);
    expect(result.placements[0]!.slots[0]).toMatchObject({ base: 0xc000000n, size: 0x100n, alignment: 0x100n, mmap: false });
  });

  it('stops at the first device whose interrupts do not fit, as QEMU exits', () => {
    const result = allocatePlatformBus(
      [
        { name: 'a', regionSizes: [0x1000n], irqCount: 3 },
        { name: 'b', regionSizes: [0x1000n], irqCount: 2 },
        { name: 'c', regionSizes: [0x1000n], irqCount: 1 },
      ],
      { ...VIRT_PLATFORM_BUS, spiCount: 4 },
    );
    expect(result.placements.map((p) => p.name)).toEqual(['a']);
    expect(result.failure).toEqual({ kind: 'irq', device: 'b', index: 1, message: 'Platform Bus: Can not fit IRQ line' });
  });

  it('fails when no aligned offset is free, and flags a region that runs past the window', () => {
    const geometry = { ...VIRT_PLATFORM_BUS, size: 0x30000n };
    const full = allocatePlatformBus(
      [
        { name: 'a', regionSizes: [0x10000n, 0x10000n, 0x10000n], irqCount: 0 },
        { name: 'b', regionSizes: [0x10000n], irqCount: 0 },
      ],
      geometry,
    );
    expect(full.failure).toEqual({
      kind: 'mmio',
      device: 'b',
      index: 1,
      region: 0,
      size: 0x10000n,
      message: 'Platform Bus: Can not fit MMIO region of size 10000',
    });
    // 0x20000 is free and aligned: QEMU maps the 0x20000-byte region there though the window ends at 0x30000.
    const past = allocatePlatformBus(
      [
        { name: 'a', regionSizes: [0x20000n], irqCount: 0 },
        { name: 'b', regionSizes: [0x20000n], irqCount: 0 },
      ],
      geometry,
    );
    expect(past.failure).toBeUndefined();
    expect(past.placements[1]!.slots[0]).toEqual({ region: 0, base: 0xc020000n, size: 0x20000n, offset: 0x20000n, alignment: 0x20000n, truncated: true });
  });

  it('refuses an empty region', () => {
    expect(allocatePlatformBus([{ name: 'z', regionSizes: [0n], irqCount: 0 }]).failure).toEqual({
      kind: 'empty-region',
      device: 'z',
      index: 0,
      region: 0,
      message: 'region 0 has size 0',
    });
  });
});

// The seed's three devices, as their host nodes give them (one 0x10000 region each; 0, 4 and 1 IRQs).
const SEED: PlatformBusDeviceInput[] = [
  { name: '5b230000.clock-controller', regionSizes: [0x10000n], irqCount: 0 },
  { name: '5b040000.ethernet', regionSizes: [0x10000n], irqCount: 4 },
  { name: '5d1d0000.mailbox', regionSizes: [0x10000n], irqCount: 1 },
];
const device = (name: string): PlatformBusDeviceInput => ({ name, ...QEMU_SYSBUS_FOOTPRINTS[name]! });
const layout = (devices: PlatformBusDeviceInput[]) =>
  allocatePlatformBus(devices).placements.map((p) => [p.name, p.slots.map((s) => s.base), p.spis]);

// Expected placements written from QEMU 7.2's platform_bus_link_device (IRQs first, then each region
// at the first free offset aligned to its size rounded up to a power of two), before running the code.
describe('other dynamic sysbus devices on the bus', () => {
  it('a tpm-tis-device ahead of the vfio devices shifts every slot and SPI', () => {
    // tpm: IRQ line 0 (SPI 112), 0x5000 bytes aligned to 0x8000 at offset 0. The 0x10000 regions then
    // find offset 0 taken ([0, 0x5000)), so each moves one 64 KiB slot up, and the SPIs move by one.
    expect(layout([device('tpm-tis-device'), ...SEED])).toEqual([
      ['tpm-tis-device', [0xc000000n], [112]],
      ['5b230000.clock-controller', [0xc010000n], []],
      ['5b040000.ethernet', [0xc020000n], [113, 114, 115, 116]],
      ['5d1d0000.mailbox', [0xc030000n], [117]],
    ]);
  });

  it('a tpm-tis-device after them takes the next free 0x8000-aligned offset and the next SPI', () => {
    // Offsets 0x0 .. 0x28000 (step 0x8000) all meet a 64 KiB region; 0x30000 is the first free one.
    expect(layout([...SEED, device('tpm-tis-device')])).toEqual([
      ['5b230000.clock-controller', [0xc000000n], []],
      ['5b040000.ethernet', [0xc010000n], [112, 113, 114, 115]],
      ['5d1d0000.mailbox', [0xc020000n], [116]],
      ['tpm-tis-device', [0xc030000n], [117]],
    ]);
  });

  it('a small region fills the hole after the tpm region', () => {
    // 0x1000 aligned to 0x1000: offsets 0..0x4000 meet the tpm's [0, 0x5000); 0x5000 is free.
    expect(layout([device('tpm-tis-device'), { name: 'small', regionSizes: [0x1000n], irqCount: 1 }])).toEqual([
      ['tpm-tis-device', [0xc000000n], [112]],
      ['small', [0xc005000n], [113]],
    ]);
  });

  it('ramfb takes no region and no IRQ: the seed layout is unchanged', () => {
    expect(layout([device('ramfb'), ...SEED])).toEqual([
      ['ramfb', [], []],
      ['5b230000.clock-controller', [0xc000000n], []],
      ['5b040000.ethernet', [0xc010000n], [112, 113, 114, 115]],
      ['5d1d0000.mailbox', [0xc020000n], [116]],
    ]);
  });
});

describe('qemuWritesGuestNode (no -dtb: hw/core/sysbus-fdt.c bindings)', () => {
  it('knows the xgmac type, tpm and ramfb, and a vfio-platform or vfio-amd-xgbe only for amd,xgbe-seattle-v1a on the host', () => {
    expect(qemuWritesGuestNode('vfio-calxeda-xgmac', [])).toBe(true);
    // add_amd_xgbe_fdt_node finds the host node by name and compatible, or exits.
    expect(qemuWritesGuestNode('vfio-amd-xgbe', ['amd,xgbe-seattle-v1a'])).toBe(true);
    expect(qemuWritesGuestNode('vfio-amd-xgbe', ['acme,unbound'])).toBe(false);
    expect(qemuWritesGuestNode('tpm-tis-device', [])).toBe(true);
    expect(qemuWritesGuestNode('ramfb', [])).toBe(true);
    expect(qemuWritesGuestNode('vfio-platform', ['amd,xgbe-seattle-v1a'])).toBe(true);
    expect(qemuWritesGuestNode('vfio-platform', ['fsl,imx8qm-fec', 'fsl,imx6sx-fec'])).toBe(false);
    expect(qemuWritesGuestNode('vfio-platform', ['fsl,dummy'])).toBe(false);
  });
});

describe('guestTriggerFor', () => {
  it('makes level host interrupts level-high and everything else rising edge', () => {
    expect(guestTriggerFor(IRQ_TYPE.LEVEL_HIGH)).toEqual({ flags: 4, kind: 'level' });
    expect(guestTriggerFor(IRQ_TYPE.LEVEL_LOW)).toEqual({ flags: 4, kind: 'level' });
    expect(guestTriggerFor(IRQ_TYPE.EDGE_RISING)).toEqual({ flags: 1, kind: 'edge' });
    expect(guestTriggerFor(IRQ_TYPE.EDGE_FALLING)).toEqual({ flags: 1, kind: 'edge' });
    expect(guestTriggerFor(IRQ_TYPE.NONE)).toEqual({ flags: 1, kind: 'edge' });
    // A GICv2 PPI CPU mask above the low nibble does not change the type.
    expect(guestTriggerFor(0xf04)).toEqual({ flags: 4, kind: 'level' });
  });
});
