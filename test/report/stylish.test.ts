import { describe, expect, it } from '@jest/globals';
import { formatStylish, namesList } from '../../src/report/stylish.js';
import { resolveColorLevel } from '../../src/report/color.js';
import { CWD, FINDINGS, SOURCES } from './findings.js';

const readSource = (file: string) => SOURCES[file];

describe('formatStylish', () => {
  it('groups by file, aligns rows, shows notes and code frames, and sums up (no colour)', () => {
    expect(formatStylish(FINDINGS, { color: false, cwd: CWD, readSource, width: 120 })).toBe(
      [
        '/elsewhere/common.dtsi',
        '  2:5  error  syntax error  syntax-error',
        '',
        'dts/host.dts',
        '  4:13  error    Label or path smmu not found                                  unresolved-reference',
        '    chain: dts/host.dts:3:1 -> dts/host.dts:4:2',
        '    symptom: vfio-platform refuses the device',
        '      3 | &fec1 {',
        '    > 4 | \tiommus = <&smmu 0x12 0x7f80>;',
        '        | \t           ^^^^^',
        '  7:1   warning  block comment hides `&lpcg { ... }`: that code is not active  comment-swallows-code',
        '    note: dts/host.dts:9:1: first hidden statement',
        '      6 |',
        '    > 7 | /*',
        '        | ^^',
        '    > 8 |  * Timer',
        '    > 9 | &lpcg {',
        '',
        '\u2716 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('pads messages only among rows that fit the terminal: a long one is never padded out', () => {
    const rows = formatStylish(FINDINGS, { color: false, cwd: CWD, readSource, frames: false }).split('\n');
    expect(rows.filter((r) => /^ {2}\d/.test(r))).toEqual([
      '  2:5  error  syntax error  syntax-error',
      '  4:13  error    Label or path smmu not found  unresolved-reference',
      '  7:1   warning  block comment hides `&lpcg { ... }`: that code is not active  comment-swallows-code',
    ]);
  });

  it('prints nothing when there is nothing to report', () => {
    expect(formatStylish([], { color: false, cwd: CWD })).toBe('');
  });

  it('uses singular words for one problem and can leave frames out', () => {
    expect(formatStylish([FINDINGS[2]!], { color: false, cwd: CWD, frames: false })).toBe(
      '/elsewhere/common.dtsi\n  2:5  error  syntax error  syntax-error\n\n\u2716 1 problem (1 error, 0 warnings)\n',
    );
  });

  it('colours only when asked, and is deterministic', () => {
    const plain = formatStylish(FINDINGS, { color: false, cwd: CWD, readSource });
    const colored = formatStylish(FINDINGS, { color: 1, cwd: CWD, readSource });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m');
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    expect(formatStylish([...FINDINGS].reverse(), { color: false, cwd: CWD, readSource })).toBe(plain);
  });
});

describe('found through', () => {
  it('names up to three boards, then two and how many more', () => {
    expect(['a', 'a b', 'a b c', 'a b c d e'].map((n) => namesList(n.split(' ')))).toEqual(['a', 'a and b', 'a, b and c', 'a, b and 3 more']);
  });

  it('is a note line under the finding, paths relative to the working dir', () => {
    const shared = { ...FINDINGS[0]!, foundThrough: [`${CWD}/boards/a.dts`, `${CWD}/boards/b.dts`] };
    const text = formatStylish([shared], { color: false, cwd: CWD, frames: false });
    expect(text).toContain('\n    found through: boards/a.dts and boards/b.dts\n');
  });
});

describe('resolveColorLevel', () => {
  it('honours --no-color, NO_COLOR, FORCE_COLOR and the terminal, in that order', () => {
    expect(resolveColorLevel({ flag: false, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(resolveColorLevel({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(resolveColorLevel({ env: { NO_COLOR: '' }, isTTY: true })).toBe(1);
    expect(resolveColorLevel({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(0);
    expect(resolveColorLevel({ env: { FORCE_COLOR: '3' }, isTTY: false })).toBe(3);
    expect(resolveColorLevel({ env: {}, isTTY: false })).toBe(0);
    expect(resolveColorLevel({ env: {}, isTTY: true })).toBe(1);
    expect(resolveColorLevel({ flag: true, env: { NO_COLOR: '1' }, isTTY: false })).toBe(1);
  });
});
