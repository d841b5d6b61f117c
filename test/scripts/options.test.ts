import { describe, expect, it } from '@jest/globals';
import { globMatcher, parseOptions, selectBoards } from '../../scripts/corpus/conformance/options.js';

describe('parseOptions', () => {
  it('defaults to both archs, 2 jobs', () => {
    expect(parseOptions([])).toMatchObject({ archs: ['arm64', 'arm'], only: [], jobs: 2, updateKnown: false, allowGrow: false });
  });

  it('reads values in both spellings', () => {
    expect(parseOptions(['--arch', 'arm', '--only=*imx8*', '--jobs=1', '--update-known', '--allow-grow'])).toMatchObject({
      archs: ['arm'],
      only: ['*imx8*'],
      jobs: 1,
      updateKnown: true,
      allowGrow: true,
    });
  });

  it('rejects bad options', () => {
    expect(() => parseOptions(['--arch', 'x86'])).toThrow('--arch must be one of');
    expect(() => parseOptions(['--jobs', '0'])).toThrow('positive integer');
    expect(() => parseOptions(['--only'])).toThrow('needs a value');
    expect(() => parseOptions(['--allow-grow'])).toThrow('--update-known');
    expect(() => parseOptions(['--nope'])).toThrow('unknown option');
  });
});

describe('globMatcher', () => {
  const boards = [
    'arch/arm64/boot/dts/freescale/imx8qm-mek.dts',
    'arch/arm64/boot/dts/freescale/imx8mp-evk.dts',
    'arch/arm/boot/dts/nxp/imx/imx6q-sabresd.dts',
    'arch/arm64/boot/dts/apm/apm-mustang.dts',
  ];

  it('matches file names when the pattern has no slash', () => {
    expect(selectBoards(boards, ['imx8*'])).toEqual(boards.slice(0, 2));
    expect(selectBoards(boards, ['imx?q-*'])).toEqual([boards[2]]);
  });

  it('keeps * within a segment and lets **/ cross them', () => {
    expect(globMatcher('arch/arm64/boot/dts/*.dts')(boards[0]!)).toBe(false);
    expect(globMatcher('arch/arm64/**/imx8*.dts')(boards[0]!)).toBe(true);
    expect(globMatcher('arch/**/mustang.dts')(boards[3]!)).toBe(false);
    expect(globMatcher('arch/arm/**')(boards[2]!)).toBe(true);
    expect(globMatcher('arch/arm/**')(boards[0]!)).toBe(false);
  });

  it('takes all boards without patterns, and any of several', () => {
    expect(selectBoards(boards, [])).toEqual(boards);
    expect(selectBoards(boards, ['apm-*', 'imx8qm*'])).toEqual([boards[0], boards[3]]);
  });
});
