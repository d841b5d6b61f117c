/** The RuleTester itself: what it compares, and its pair scope on the bundled example. */
import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { lintWith } from '../rules/harness.js';
import { example } from '../rules/pair-harness.js';
import { compareErrors, RuleTester, VDIR } from './rule-tester.js';

const FILE = `${VDIR}/board.dts`;
const TEXT = '/dts-v1/;\n/ {\n\tclk: c@1 { #clock-cells = <1>; };\n\tdev { clocks = <&clk>; };\n};\n';
const findings = lintWith(compileDts, { [FILE]: TEXT }, FILE, ['phandle-args']).findings;
const right = { messageId: 'tooShort', data: { property: 'clocks', index: 0, provider: '/c@1', cells: '#clock-cells', expected: 1, found: 0 }, line: 4, column: 18 };

describe('compareErrors', () => {
  it('matches a finding by rule, messageId, data and position', () => {
    const { actual, expected } = compareErrors('phandle-args', findings, [right], VDIR);
    expect(actual).toEqual(expected);
  });

  it.each([
    ['another column', { ...right, column: 19 }],
    ['other data', { ...right, data: { ...right.data, found: 1 } }],
    ['data with a placeholder missing', { ...right, data: { property: 'clocks' } }],
    ['another rule', { ...right, ruleId: 'raw-phandle', messageId: 'unknown' }],
    ['another level', { ...right, level: 'warning' as const }],
    ['another file', { ...right, file: 'soc.dtsi' }],
    ['a different whole message', { ...right, message: 'clocks[0] is short' }],
  ])('tells apart %s', (_name, wrong) => {
    const { actual, expected } = compareErrors('phandle-args', findings, [wrong], VDIR);
    expect(actual).not.toEqual(expected);
  });

  it('shows a finding nobody expected, and an expected error that did not come', () => {
    expect(compareErrors('phandle-args', findings, [], VDIR).actual[0]).toMatchObject({ unexpected: expect.stringContaining('board.dts:4:18 phandle-args/tooShort') });
    const { actual, expected } = compareErrors('phandle-args', [], [right], VDIR);
    expect(actual).toEqual([]);
    expect(expected).toHaveLength(1);
  });

  it('refuses a messageId the rule does not have', () => {
    expect(() => compareErrors('phandle-args', findings, [{ ...right, messageId: 'nope' }], VDIR)).toThrow(/phandle-args has no message nope/);
  });
});

// The pair scope: host + guest + QEMU args + kernel config under PDIR, as `dtlint check` reads them.
new RuleTester({ scope: 'pair' }).run('host-consumer-of-passed', {
  valid: [{ name: 'the fixed example pair', files: example('fixed') }],
  invalid: [
    {
      name: 'the broken example pair: eth1 takes its PHY from passed eth0\'s MDIO bus',
      files: example(),
      errors: [{ messageId: 'consumer', file: 'host.dts', line: 36, column: 16, level: 'warning' }],
    },
  ],
});
