import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'passthrough-unknown-device';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every -device names an enabled node by its sysfs name', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });

    it('--pass by label and by path', () => {
      const r = checkFiles(example('fixed'), { ...run, spec: { pass: ['eth0', '/bus@5b000000/clock-controller@5b230000'] } });
      expect(r.notifications).toEqual([]);
      expect(findingsOf(r, ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a sysfs name that matches nothing, with the device at that address as a hint (the example)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'qemu-args.txt:7:27 passthrough-unknown-device: host=5b050000.eth names no device of the host tree (no node has that sysfs name): QEMU refuses to start; did you mean 5b050000.ethernet?',
      ]);
      const f = r.findings.find((x) => x.ruleId === ID)!;
      expect(f.at).toMatchObject({ line: 7, column: 27, endLine: 7, endColumn: 44 });
      expect(f.symptom).toBe('QEMU refuses the device');
    });

    it('host= by label', () => {
      const files = edit(example('fixed'), 'qemu-args.txt', 'host=5b040000.ethernet', 'host=eth0');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'qemu-args.txt:5:27 passthrough-unknown-device: host=eth0 is not a sysfs device name: it is a label; Linux calls /bus@5b000000/ethernet@5b040000 5b040000.ethernet; QEMU refuses it',
      ]);
    });

    it('a disabled node named by --pass points at its status', () => {
      const r = checkFiles(example('fixed'), { ...run, spec: { pass: ['eth1'] } });
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:39:2 passthrough-unknown-device: eth1 names /bus@5b000000/ethernet@5b050000, which is disabled (status "disabled"): Linux creates no platform device for it, so vfio-platform has nothing to bind',
      ]);
      expect(r.findings[0]!.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
    });

    it('the same device twice', () => {
      const files = edit(example('fixed'), 'qemu-args.txt', '-device vfio-platform,host=5d1d0000.mailbox', '-device vfio-platform,host=5d1d0000.mailbox -device vfio-platform,host=5d1d0000.mailbox');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'qemu-args.txt:6:71 passthrough-unknown-device: host=5d1d0000.mailbox is passed twice (an earlier -device already takes it): QEMU refuses the second one',
      ]);
    });

    it('a --pass name that matches nothing fails the run instead', () => {
      const r = checkFiles(example('fixed'), { ...run, spec: { pass: ['nosuch'] } });
      expect(r.notifications).toEqual([{ severity: 'fatal', message: '--pass nosuch: no node nosuch: not a label, path, alias or sysfs name in this tree' }]);
    });
  });
});
