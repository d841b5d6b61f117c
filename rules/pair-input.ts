/**
 * pair-input: what dtlint could not read in a pair's inputs besides the DTS files, at its place: the
 * QEMU command line (shell words, -device and -machine options), the kernel config, the i.MX
 * partition node and the pin groups. Each reader collects its problems instead of throwing; without
 * this rule they were dropped, and an input that says nothing (a QEMU file with no vfio-platform
 * device, a config with no CONFIG_ line) passed as "nothing to check".
 */
import { basename } from 'node:path';
import { pointLocation } from '../src/dts/location.js';
import type { Diagnostic } from '../src/dts/diagnostic.js';
import { imxPinGroups } from '../src/passthrough/imx-pads.js';
import { VFIO_PLATFORM_DRIVERS } from '../src/passthrough/qemu-args.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';

type Input = 'qemu' | 'kconfig' | 'partition' | 'pads';

/** What the user sees of each input's problem: QEMU's refusal, the SCU's; a config dtlint cannot read changes nothing at run time. */
const SYMPTOM_OF: Record<Input, string> = {
  qemu: SYMPTOM.qemuRefuses,
  kconfig: 'none at run time: dtlint checks less of the kernel config',
  partition: SYMPTOM.scuFails,
  pads: SYMPTOM.scuFails,
};

export default definePairRule({
  id: 'pair-input',
  level: 'error',
  scope: 'pair',
  summary: "An input of the pair (QEMU arguments, kernel config, partition node, pin groups) that dtlint cannot read, or that says nothing",
  symptoms: [SYMPTOM.qemuRefuses, SYMPTOM.scuFails],
  messages: {
    qemu: 'QEMU arguments: {{problem}}',
    qemuDoubt: 'QEMU arguments: {{problem}}',
    noVfioDevice:
      '{{file}} passes no device to vfio-platform (no -device {{drivers}}): dtlint places nothing on the platform bus and checks no guest address or interrupt; name the devices with -device vfio-platform,host=<sysfs name>',
    kconfig: 'kernel config: {{problem}}',
    kconfigDoubt: 'kernel config: {{problem}}',
    emptyKconfig: '{{file}} sets no CONFIG_ option: kernel-config has nothing to check',
    partition: 'partition node: {{problem}}',
    partitionDoubt: 'partition node: {{problem}}',
    pads: 'pin group: {{problem}}',
    padsDoubt: 'pin group: {{problem}}',
  },
  softMessages: ['qemuDoubt', 'noVfioDevice', 'kconfigDoubt', 'emptyKconfig', 'partitionDoubt', 'padsDoubt'],
  check({ pair, report }) {
    const reportAll = (input: Input, problems: readonly Diagnostic[], subject: string): void => {
      for (const p of problems) {
        const messageId = p.severity === 'error' ? input : (`${input}Doubt` as const);
        report({ at: p.at, messageId, data: { problem: p.message }, subject: `${subject}:${p.message}`, symptom: SYMPTOM_OF[input] });
      }
    };
    if (pair.qemu) {
      reportAll('qemu', pair.qemu.args.problems, `qemu:${basename(pair.qemu.file)}`);
      if (!pair.qemu.args.devices.some((d) => VFIO_PLATFORM_DRIVERS.includes(d.driver)) && !pair.passed.some((d) => d.fromPass)) {
        report({
          at: pointLocation(pair.qemu.file, 1, 1),
          messageId: 'noVfioDevice',
          data: { file: basename(pair.qemu.file), drivers: VFIO_PLATFORM_DRIVERS.join(', ') },
          subject: `qemu:${basename(pair.qemu.file)}:no-vfio-device`,
          symptom: 'none at run time: dtlint checks no guest address or interrupt',
        });
      }
    }
    const config = pair.kconfig;
    if (config) {
      reportAll('kconfig', config.problems, `kconfig:${basename(config.file)}`);
      if (config.entries.length === 0) {
        report({ at: pointLocation(config.file, 1, 1), messageId: 'emptyKconfig', data: { file: basename(config.file) }, subject: `kconfig:${basename(config.file)}:empty`, symptom: SYMPTOM_OF.kconfig });
      }
    }
    reportAll('partition', pair.partitionProblems, 'partition');
    if (pair.partition) {
      reportAll('pads', imxPinGroups(pair.host.tree, pair.padNames).problems, 'host-pads');
      reportAll('pads', imxPinGroups(pair.guest.tree, pair.padNames).problems, 'guest-pads');
    }
  },
});
