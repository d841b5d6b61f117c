import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { iommuDriverOf } from '../../src/passthrough/iommu-drivers.js';
import { hostPageSize, missingOptionsFor, type NeededIommu, parseKconfig, versionAtLeast } from '../../src/passthrough/kconfig.js';

const fixtures = fileURLToPath(new URL('../../fixtures/passthrough/', import.meta.url));
const read = (name: string): string => readFileSync(fixtures + name, 'latin1');
const at = (file: string, line: number, column: number, endColumn: number) => ({ file, line, column, endLine: line, endColumn });

describe('parseKconfig', () => {
  it('reads the seed fragment', () => {
    const config = parseKconfig(read('host.config'), 'host.config');
    expect(config.full).toBe(false);
    expect(config.problems).toEqual([]);
    expect(config.entries.map((e) => [e.name, e.value, e.at.line])).toEqual([
      ['VFIO_PLATFORM', 'y', 1],
      ['IOMMU_DEFAULT_PASSTHROUGH', 'y', 2],
      ['ARM_SMMU_V3_SVA', 'y', 3],
    ]);
    expect(config.entries[0]!.at).toEqual(at('host.config', 1, 1, 23));
  });

  it('reports the write-up list that names CONFIG_VFIO_PLATFORM twice', () => {
    const config = parseKconfig(read('host-writeup.config'), 'w.config');
    expect(config.duplicates.map((d) => [d.name, d.entries.map((e) => e.at.line)])).toEqual([['VFIO_PLATFORM', [1, 3]]]);
    expect(config.byName.get('VFIO_PLATFORM')!.at.line).toBe(3);
  });

  it('reads strings, modules, "is not set", and detects a full .config', () => {
    const text = [
      '#',
      '# Automatically generated file; DO NOT EDIT.',
      '# Linux/arm64 6.12.0 Kernel Configuration',
      '#',
      'CONFIG_LOCALVERSION="-imx \\"q\\""',
      'CONFIG_VFIO=m',
      '# CONFIG_VFIO_PLATFORM is not set',
      'CONFIG_NR_CPUS=8',
      'garbage here',
    ].join('\n');
    const config = parseKconfig(text, '.config');
    expect(config.full).toBe(true);
    expect(config.entries.map((e) => [e.name, e.value, e.quoted])).toEqual([
      ['LOCALVERSION', '-imx "q"', true],
      ['VFIO', 'm', false],
      ['VFIO_PLATFORM', 'n', false],
      ['NR_CPUS', '8', false],
    ]);
    expect(config.entries[2]!.at).toEqual(at('.config', 7, 1, 34));
    expect(config.problems).toEqual([
      { code: 'kernel-config', severity: 'warning', message: 'not a kernel config line: garbage here', at: at('.config', 9, 1, 13) },
    ]);
    // conf_write's header names the kernel version (the top Kconfig's mainmenu).
    expect(config.version).toEqual({ text: '6.12.0', major: 6, minor: 12, at: at('.config', 3, 1, 42) });
    expect(versionAtLeast(config.version!, 6, 3)).toBe(true);
    expect(versionAtLeast(parseKconfig('# Linux/arm64 5.15.71-rt51 Kernel Configuration\n').version!, 6, 3)).toBe(false);
    expect(parseKconfig(read('host.config')).version).toBeUndefined();
  });
});

const need = (compatible: string): NeededIommu => ({ driver: iommuDriverOf(compatible)!, node: '/iommu@1', compatible });

describe('missingOptionsFor', () => {
  it('treats options a fragment does not mention as unknown unless their Kconfig default settles them, and flags SMMUv3 options on an SMMUv2 SoC', () => {
    const config = parseKconfig(read('host-writeup.config'), 'w.config');
    const check = missingOptionsFor(config, [need('arm,mmu-500')], ['arm,mmu-500']);
    expect(check.required.map((r) => [r.name, r.state, r.at?.line])).toEqual([
      ['VFIO', 'unknown', undefined],
      ['VFIO_PLATFORM', 'enabled', 3],
      ['VFIO_CONTAINER', 'unknown', undefined],
      ['VFIO_IOMMU_TYPE1', 'unknown', undefined],
      ['KVM', 'unknown', undefined],
      ['ARM_SMMU', 'unknown', undefined],
    ]);
    expect(check.missing).toEqual([]);
    // VFIO_PLATFORM needs VFIO; VFIO_CONTAINER defaults to y; VFIO_IOMMU_TYPE1 has no prompt.
    expect(check.unknown.map((r) => r.name)).toEqual(['KVM', 'ARM_SMMU']);
    expect(check.irrelevant).toEqual([
      {
        name: 'ARM_SMMU_V3_SVA',
        reason: 'the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here',
        at: at('w.config', 4, 1, 25),
      },
    ]);
    expect(check.duplicates.map((d) => d.name)).toEqual(['VFIO_PLATFORM']);
  });

  it('treats options a full .config does not mention as missing', () => {
    const config = parseKconfig('CONFIG_VFIO=y\n# CONFIG_VFIO_PLATFORM is not set\nCONFIG_VFIO_CONTAINER=y\n', 'c', { full: true });
    const check = missingOptionsFor(config, [need('arm,smmu-v3')], [['arm,smmu-v3']]);
    expect(check.required.map((r) => [r.name, r.state])).toEqual([
      ['VFIO', 'enabled'],
      ['VFIO_PLATFORM', 'disabled'],
      ['VFIO_CONTAINER', 'enabled'],
      ['VFIO_IOMMU_TYPE1', 'missing'],
      ['KVM', 'missing'],
      ['ARM_SMMU_V3', 'missing'],
    ]);
    expect(check.missing.map((r) => r.name)).toEqual(['VFIO_PLATFORM', 'VFIO_IOMMU_TYPE1', 'KVM', 'ARM_SMMU_V3']);
  });

  it("iommufd's compatibility container stands in for VFIO_CONTAINER (QEMU 7.2 opens /dev/vfio/vfio either way)", () => {
    const check = missingOptionsFor(parseKconfig('CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\n# CONFIG_VFIO_CONTAINER is not set\nCONFIG_IOMMUFD=y\nCONFIG_IOMMUFD_VFIO_CONTAINER=y\nCONFIG_KVM=y\n', 'c', { full: true }), []);
    expect(check.missing.map((r) => r.name)).toEqual([]);
    expect(check.unknown.map((r) => r.name)).toEqual([]);
  });

  it('reports VFIO_IOMMU_TYPE1 only where VFIO_CONTAINER is on (it follows from it)', () => {
    const check = missingOptionsFor(parseKconfig('# CONFIG_VFIO_CONTAINER is not set\n', 'c', { full: true }), []);
    expect(check.missing.map((r) => r.name)).toEqual(['VFIO', 'VFIO_PLATFORM', 'VFIO_CONTAINER', 'KVM']);
  });

  it('counts =m as present but says so', () => {
    const check = missingOptionsFor(parseKconfig('CONFIG_VFIO=m\nCONFIG_VFIO_PLATFORM=m\nCONFIG_ARM_SMMU=y\nCONFIG_KVM=y\n', 'c'), [need('arm,mmu-500')]);
    expect(check.required.map((r) => r.state)).toEqual(['module', 'module', 'unknown', 'unknown', 'enabled', 'enabled']);
    expect(check.missing).toEqual([]);
    expect(check.unknown).toEqual([]);
  });

  it('asks for each IOMMU driver the passed devices need, from the driver table', () => {
    const check = missingOptionsFor(parseKconfig('CONFIG_VFIO=y\nCONFIG_VFIO_PLATFORM=y\nCONFIG_KVM=y\n', 'c'), [need('renesas,ipmmu-r8a77961'), need('rockchip,rk3568-iommu')]);
    expect(check.unknown.map((r) => r.name)).toEqual(['IPMMU_VMSA', 'ROCKCHIP_IOMMU']);
  });

  it('flags, in a fragment, IOMMU driver options for hardware the SoC lacks', () => {
    const check = missingOptionsFor(parseKconfig('CONFIG_ARM_SMMU=y\nCONFIG_ROCKCHIP_IOMMU=y\n', 'c'), [], ['rockchip,iommu']);
    expect(check.irrelevant.map((r) => [r.name, r.reason])).toEqual([['ARM_SMMU', 'the SoC has no SMMUv1/v2 (arm,mmu-500, ...): this option drives no hardware here']]);
  });
});

describe('hostPageSize', () => {
  const KiB = 1024n;
  it('assumes 4 KiB without a config, leaving 16 and 64 KiB possible', () => {
    expect(hostPageSize(undefined)).toEqual({ size: 4n * KiB, certain: false, possible: [4n * KiB, 16n * KiB, 64n * KiB] });
  });
  it('reads the arm64 choice, PAGE_SIZE_*KB and PAGE_SHIFT', () => {
    expect(hostPageSize(parseKconfig('CONFIG_ARM64_64K_PAGES=y\n'))).toMatchObject({ size: 64n * KiB, certain: true, option: 'ARM64_64K_PAGES' });
    expect(hostPageSize(parseKconfig('CONFIG_PAGE_SIZE_16KB=y\n'))).toMatchObject({ size: 16n * KiB, certain: true });
    expect(hostPageSize(parseKconfig('CONFIG_PAGE_SHIFT=12\n'))).toMatchObject({ size: 4n * KiB, certain: true, option: 'PAGE_SHIFT' });
  });
  it('a fragment that only turns 4 KiB off leaves 16 KiB (assumed) and 64 KiB', () => {
    expect(hostPageSize(parseKconfig('# CONFIG_ARM64_4K_PAGES is not set\n'))).toEqual({ size: 16n * KiB, certain: false, possible: [16n * KiB, 64n * KiB] });
  });
});
