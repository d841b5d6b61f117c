import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { IMX8_LSIO_MUS, muForBase, nameOf, parseDefineNames, readImx8qmPadNames, readRsrcNames } from '../../src/passthrough/imx-partition.js';

const K = '/root/.cache/dtlint/linux-source-6.12';
const haveCorpus = existsSync(`${K}/include/dt-bindings/firmware/imx/rsrc.h`);
const withCorpus = haveCorpus ? describe : describe.skip;

describe('parseDefineNames', () => {
  it('reads numbers and aliases, skips pinfunc pairs and *_LAST', () => {
    const text = [
      '#define IMX_SC_R_A 10',
      '#define IMX_SC_R_B\t\t0x0b /* eleven */',
      '#define IMX_SC_R_ALIAS IMX_SC_R_A',
      '#define IMX_SC_R_LAST 12',
      '#define IMX8QM_PAD_X_FUNC IMX8QM_PAD_X 3',
      '#define OTHER_THING 10',
    ].join('\n');
    const names = parseDefineNames(text, 'IMX_SC_R_', 'rsrc.h');
    expect([...names.byName]).toEqual([
      ['IMX_SC_R_A', 10],
      ['IMX_SC_R_B', 11],
      ['IMX_SC_R_ALIAS', 10],
    ]);
    expect(names.byValue.get(10)).toEqual(['IMX_SC_R_A', 'IMX_SC_R_ALIAS']);
    expect(nameOf(names, 11)).toBe('IMX_SC_R_B');
    expect(nameOf(names, 12)).toBeUndefined();
  });

  it('reads a #define as cpp does: comments are not text, a backslash-newline continues, NAME( is a function', () => {
    const text = [
      '#define IMX_SC_R_A 10 // ten',
      '#define IMX_SC_R_C \\',
      '\t13',
      '#define IMX_SC_R_F(x) 14',
      '#define IMX_SC_R_S "15"',
      '#define IMX_SC_R_E',
      '# define IMX_SC_R_D 016',
    ].join('\n');
    expect([...parseDefineNames(text, 'IMX_SC_R_').byName]).toEqual([
      ['IMX_SC_R_A', 10],
      ['IMX_SC_R_C', 13],
      ['IMX_SC_R_D', 14],
    ]);
  });

  it('maps the LSIO MUs to their A-side resources', () => {
    expect(IMX8_LSIO_MUS.slice(0, 5).map((m) => [m.name, m.base.toString(16), m.resource])).toEqual([
      ['MU_0A', '5d1b0000', 213],
      ['MU_1A', '5d1c0000', 214],
      ['MU_2A', '5d1d0000', 215],
      ['MU_3A', '5d1e0000', 216],
      ['MU_4A', '5d1f0000', 217],
    ]);
    expect(muForBase(0x5d280000n)?.name).toBe('MU_13A');
    expect(muForBase(0x5d1d0001n)).toBeUndefined();
  });
});

withCorpus('kernel headers (Linux 6.12 corpus)', () => {
  it('reads rsrc.h with its aliases', () => {
    const names = readRsrcNames(K)!;
    expect(names.byName.get('IMX_SC_R_MU_2A')).toBe(215);
    expect(names.byName.get('IMX_SC_R_ENET_0')).toBe(251);
    expect(names.byValue.get(293)).toEqual(['IMX_SC_R_MCU_0_MU_0A0', 'IMX_SC_R_M4_0_MU_0A0']);
    expect(names.byName.has('IMX_SC_R_LAST')).toBe(false);
    // The MU table agrees with the header.
    for (const mu of IMX8_LSIO_MUS) expect(names.byName.get(mu.resourceName)).toBe(mu.resource);
  });

  it('reads the pad ids of pads-imx8qm.h, not the pinfunc pairs', () => {
    const pads = readImx8qmPadNames(K)!;
    expect(pads.byName.get('IMX8QM_ENET0_MDIO')).toBe(165);
    expect(pads.byName.get('IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA')).toBe(268);
    expect(pads.byName.get('IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETB')).toBe(255);
    expect(pads.byName.has('IMX8QM_ENET0_MDC_CONN_ENET0_MDC')).toBe(false);
  });
});

