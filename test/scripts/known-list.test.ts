import { describe, expect, it } from '@jest/globals';
import { formatKnownList, judge, parseKnownList, updateKnownList } from '../../scripts/corpus/conformance/known-list.js';

const TEXT = `# header line 1
# header line 2

arch/arm/boot/dts/b.dts  # DTB differs
arch/arm/boot/dts/a.dts
# a comment between entries
arch/arm64/boot/dts/c.dts # threw
`;

describe('parseKnownList / formatKnownList', () => {
  it('keeps the header and per-entry comments, and sorts on output', () => {
    const list = parseKnownList(TEXT);
    expect(list.header).toEqual(['# header line 1', '# header line 2']);
    expect([...list.entries]).toEqual([
      ['arch/arm/boot/dts/b.dts', 'DTB differs'],
      ['arch/arm/boot/dts/a.dts', ''],
      ['arch/arm64/boot/dts/c.dts', 'threw'],
    ]);
    expect(formatKnownList(list)).toBe(
      '# header line 1\n# header line 2\narch/arm/boot/dts/a.dts\narch/arm/boot/dts/b.dts  # DTB differs\narch/arm64/boot/dts/c.dts  # threw\n',
    );
  });

  it('reads an empty file', () => {
    expect(parseKnownList('').entries.size).toBe(0);
  });
});

describe('judge', () => {
  it('splits failures into known and unexpected, and finds fixed boards', () => {
    const list = parseKnownList(TEXT);
    const v = judge(list, ['arch/arm/boot/dts/a.dts', 'arch/arm/boot/dts/z.dts'], ['arch/arm/boot/dts/b.dts', 'arch/arm/boot/dts/new.dts']);
    expect(v).toEqual({
      unexpected: ['arch/arm/boot/dts/new.dts'],
      known: ['arch/arm/boot/dts/b.dts'],
      fixed: ['arch/arm/boot/dts/a.dts'],
    });
  });
});

describe('updateKnownList', () => {
  const list = parseKnownList(TEXT);
  const corpus = new Set(['arch/arm/boot/dts/a.dts', 'arch/arm/boot/dts/b.dts', 'arch/arm/boot/dts/new.dts', 'arch/arm64/boot/dts/c.dts']);

  it('drops fixed boards, keeps boards that did not run, and refuses to grow by default', () => {
    const ran = new Set(['arch/arm/boot/dts/a.dts', 'arch/arm/boot/dts/b.dts', 'arch/arm/boot/dts/new.dts']);
    const failed = new Map([
      ['arch/arm/boot/dts/b.dts', 'DTB differs'],
      ['arch/arm/boot/dts/new.dts', 'threw'],
    ]);
    const u = updateKnownList(list, { ran, failed, corpus }, false);
    expect(u.removed).toEqual(['arch/arm/boot/dts/a.dts']);
    expect(u.added).toEqual([]);
    expect(u.refused).toEqual(['arch/arm/boot/dts/new.dts']);
    expect([...u.list.entries.keys()].sort()).toEqual(['arch/arm/boot/dts/b.dts', 'arch/arm64/boot/dts/c.dts']);
    expect(u.list.entries.get('arch/arm/boot/dts/b.dts')).toBe('DTB differs');
  });

  it('adds new failures with their reason when growing is allowed', () => {
    const u = updateKnownList(list, { ran: new Set(['arch/arm/boot/dts/new.dts']), failed: new Map([['arch/arm/boot/dts/new.dts', 'threw']]), corpus }, true);
    expect(u.added).toEqual(['arch/arm/boot/dts/new.dts']);
    expect(u.list.entries.get('arch/arm/boot/dts/new.dts')).toBe('threw');
    expect(u.list.entries.size).toBe(4);
  });

  it('drops entries for boards that no longer exist', () => {
    const u = updateKnownList(list, { ran: new Set(), failed: new Map(), corpus: new Set(['arch/arm/boot/dts/a.dts']) }, false);
    expect([...u.list.entries.keys()]).toEqual(['arch/arm/boot/dts/a.dts']);
    expect(u.removed).toEqual(['arch/arm/boot/dts/b.dts', 'arch/arm64/boot/dts/c.dts']);
  });
});
