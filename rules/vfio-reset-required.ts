/**
 * vfio-reset-required: vfio-platform refuses a device whose compatible has no vfio reset module unless
 * `vfio_platform.reset_required=0` (src/passthrough/vfio-reset.ts has the mechanism). Nearly every
 * passthrough needs the parameter: only three compatibles have a reset module.
 */
import { basename } from 'node:path';
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { compatibles, getProperty } from '../src/dts/query.js';
import { nodeAnchor, qemuNote } from '../src/passthrough/anchors.js';
import { cmdlineNotes, moduleBuild, paramVerdict, unseenClause, whereToSet } from '../src/passthrough/module-param.js';
import { RESET_REQUIRED, vfioResetModuleFor } from '../src/passthrough/vfio-reset.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

// vfio_platform_init_common logs vdev->name, which is pdev->name: empty for a device made from the
// tree (of_device_alloc: platform_device_alloc("", ...)); dev_err puts the driver and sysfs name first.
const REFUSED =
  'vfio-platform refuses it (the kernel logs "vfio-platform {{sysfs}}: No reset function found for device", then "probe with driver vfio-platform failed with error -2") and the bind fails';

export default definePairRule({
  id: 'vfio-reset-required',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device whose compatible has no vfio reset module needs vfio_platform.reset_required=0 on the host',
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  softMessages: ['module', 'buildUnknown', 'unseen', 'resetModuleUnknown'],
  messages: {
    missing: `{{device}} ({{sysfs}}): {{why}}, and {{cmdline}} {{state}}, which with vfio-platform built in nothing else can set: ${REFUSED}; add vfio_platform.reset_required=0 to {{place}}`,
    module: `{{device}} ({{sysfs}}): {{why}}, and {{cmdline}} {{state}}: with CONFIG_VFIO_PLATFORM=m only /etc/modprobe.d (\`options vfio_platform reset_required=0\`, which dtlint cannot see) can set it instead, else ${REFUSED}`,
    buildUnknown: `{{device}} ({{sysfs}}): {{why}}, and {{cmdline}} {{state}}: unless vfio-platform is a module whose /etc/modprobe.d options set it, ${REFUSED}; add vfio_platform.reset_required=0 to {{place}}`,
    unseen: `{{device}} ({{sysfs}}): {{why}}, so the host's kernel command line must hold vfio_platform.reset_required=0 (or /etc/modprobe.d, with CONFIG_VFIO_PLATFORM=m), else ${REFUSED}; {{seen}}`,
    resetModuleUnknown:
      '{{device}} ({{sysfs}}): the vfio reset module for its compatible "{{compatible}}", CONFIG_{{symbol}}, is not set in {{file}} (a fragment leaves it to the base config): without it, and without vfio_platform.reset_required=0, vfio-platform refuses the device; make sure the base config enables it',
  },
  check({ pair, report }) {
    const platform = moduleBuild(pair.kconfig, 'VFIO_PLATFORM');
    // No vfio-platform at all is kernel-config's finding.
    if (platform.build === 'off') return;
    const verdict = paramVerdict(pair.cmdline, RESET_REQUIRED, platform.build);
    if (verdict.set) return;
    const config = pair.kconfig;
    const file = config ? basename(config.file) : '';
    for (const device of pair.passed) {
      if (!device.available) continue;
      // vfio_platform_of_probe reads the first compatible; without one it fails before the reset lookup.
      const compatible = compatibles(device.node)[0];
      if (compatible === undefined) continue;
      const at = nodeAnchor(pair, pair.host, device.node, device);
      const symptom = symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
      const subject = `${device.path}:vfio-reset`;
      const resetModule = vfioResetModuleFor(compatible);
      let why = `no vfio reset module handles its compatible "${compatible}"`;
      if (resetModule) {
        const state = moduleBuild(config, resetModule.symbol);
        if (state.build === 'builtin' || state.build === 'module') continue;
        if (state.build === 'unknown') {
          // Without a config dtlint has no reason to doubt the module the compatible asks for.
          if (config) report({ at, messageId: 'resetModuleUnknown', data: { device: who(device.node), sysfs: device.sysfs, compatible, symbol: resetModule.symbol, file }, subject, symptom });
          continue;
        }
        why = `the vfio reset module for its compatible "${compatible}", CONFIG_${resetModule.symbol}, is off in ${file}`;
      }
      const related: RelatedLocation[] = [];
      const compatibleAt = getProperty(device.node, 'compatible')?.at;
      if (compatibleAt) related.push({ message: `the compatible vfio-platform looks up: "${compatible}"`, at: compatibleAt });
      if (verdict.found) related.push({ message: `${verdict.found.raw} is set here`, at: verdict.found.at });
      else related.push(...cmdlineNotes(pair.cmdline));
      if (platform.at) related.push({ message: `CONFIG_VFIO_PLATFORM=${config?.byName.get('VFIO_PLATFORM')?.value ?? '?'}`, at: platform.at });
      related.push(...qemuNote(device));
      const base = { device: who(device.node), sysfs: device.sysfs, why, cmdline: pair.cmdline.describe, state: verdict.state };
      const place = whereToSet(config);
      if (verdict.gap === 'missing') report({ at, messageId: 'missing', data: { ...base, place }, related, subject, symptom });
      else if (verdict.gap === 'module') report({ at, messageId: 'module', data: base, related, subject, symptom });
      else if (verdict.gap === 'build-unknown') report({ at, messageId: 'buildUnknown', data: { ...base, place }, related, subject, symptom });
      else report({ at, messageId: 'unseen', data: { device: who(device.node), sysfs: device.sysfs, why, seen: unseenClause(pair.cmdline, verdict.state) }, related, subject, symptom });
    }
  },
});
