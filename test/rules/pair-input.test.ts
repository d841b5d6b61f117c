import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'pair-input';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const levels = (files: Record<string, string>) => checkFiles(files, run).findings.filter((f) => f.ruleId === ID).map((f) => `${f.at.line}:${f.at.column} ${f.level} ${f.messageId}`);

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every input reads cleanly', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it('a QEMU line without vfio devices when --pass names them', () => {
      const files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox', '    -usb');
      expect(findingsOf(checkFiles(files, { ...run, spec: { pass: ['eth0'] } }), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a QEMU line the shell cannot split: an error where the quote opens, and the JSON that does not parse', () => {
      const files = edit(fixed(), 'qemu-args.txt', '-device vfio-platform,host=5d1d0000.mailbox', `-device '{"driver": "vfio-platform", "host": "5d1d0000.mailbox"`);
      // The JSON error's wording is the JavaScript engine's.
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        expect.stringMatching(/^qemu-args\.txt:6:13 pair-input: QEMU arguments: -device JSON: /),
        'qemu-args.txt:6:13 pair-input: QEMU arguments: unterminated single quote',
      ]);
      expect(levels(files)).toEqual(['6:13 error qemu', '6:13 error qemu']);
    });

    it('a QEMU line that passes nothing to vfio-platform: a warning at its start', () => {
      const files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox', '    -usb');
      expect(levels(files)).toEqual(['1:1 warning noVfioDevice']);
    });

    it('a kernel config with a line that is no config line, and one with no option at all', () => {
      expect(levels(edit(fixed(), 'host.config', 'CONFIG_VFIO=y', 'VFIO=y\nCONFIG_VFIO=y'))).toEqual(['1:1 warning kconfigDoubt']);
      expect(levels({ ...fixed(), 'host.config': '# nothing here\n' })).toEqual(['1:1 warning emptyKconfig']);
    });

    it('a partition node whose rsrcs is a string: an error at the property', () => {
      const files = edit(fixed(), 'host.dts', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0>;', 'rsrcs = "MU_2A";');
      expect(levels(files)).toEqual(expect.arrayContaining(['23:4 error partition']));
    });
  });
});
