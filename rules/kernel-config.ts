/** kernel-config: with --kconfig, the host kernel lacks VFIO_PLATFORM or the SMMU driver the SoC needs. */
import { basename } from 'node:path';
import { pointLocation } from '../src/dts/location.js';
import { nodePath, walk } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { compatibles } from '../src/passthrough/imx-partition.js';
import { missingOptionsFor } from '../src/passthrough/kconfig.js';
import { isAvailable } from '../src/passthrough/pair.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { smmuKindOf } from '../src/passthrough/smmu.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';

const SMMU_OPTION = { 'smmu-v2': 'ARM_SMMU', 'smmu-v3': 'ARM_SMMU_V3' } as const;

export default definePairRule({
  id: 'kernel-config',
  level: 'error',
  scope: 'pair',
  summary: 'With --kconfig: the host kernel lacks VFIO_PLATFORM or the SMMU driver the SoC needs',
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  softMessages: ['irrelevant', 'unknown'],
  messages: {
    missing: 'CONFIG_{{name}} is {{state}} in {{file}}: passthrough needs {{reason}}',
    irrelevant: 'CONFIG_{{name}}=y: {{reason}}{{instead}}',
    unknown: '{{file}} does not set CONFIG_{{name}}: passthrough needs {{reason}}; make sure the base config enables it',
  },
  check({ pair, report }) {
    const config = pair.kconfig;
    if (!config) return;
    const smmus: Node[] = [];
    walk(pair.host.tree, (n) => {
      if (smmuKindOf(compatibles(n)) && isAvailable(n)) smmus.push(n);
    });
    const check = missingOptionsFor(config, smmus.map(compatibles));
    const head = pointLocation(config.file, 1, 1);
    const file = basename(config.file);
    const symptom = symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
    const named = new Set<string>();
    for (const r of check.missing) {
      named.add(r.name);
      report({ at: r.at ?? head, messageId: 'missing', data: { name: r.name, state: r.state === 'missing' ? 'not set' : 'off', file, reason: r.reason }, subject: `kconfig:${r.name}`, symptom });
    }
    for (const r of check.irrelevant) {
      // Say which driver the SoC needs instead, when the config does not enable it.
      const wanted = smmus
        .map((n) => ({ node: n, option: SMMU_OPTION[smmuKindOf(compatibles(n))!] }))
        .find((w) => check.required.some((q) => q.name === w.option && q.state !== 'enabled' && q.state !== 'module'));
      if (wanted) named.add(wanted.option);
      const instead = wanted ? `; the SoC's ${nodePath(wanted.node)} (${compatibles(wanted.node)[0] ?? '?'}) needs CONFIG_${wanted.option}, which ${file} does not enable` : '';
      report({ at: r.at, messageId: 'irrelevant', data: { name: r.name, reason: r.reason, instead }, subject: `kconfig:${r.name}`, symptom });
    }
    for (const r of check.unknown) {
      if (named.has(r.name)) continue;
      // VFIO_PLATFORM depends on VFIO: a fragment that enables it has VFIO too.
      if (r.name === 'VFIO' && check.required.some((q) => q.name === 'VFIO_PLATFORM' && (q.state === 'enabled' || q.state === 'module'))) continue;
      report({ at: head, messageId: 'unknown', data: { file, name: r.name, reason: r.reason }, subject: `kconfig:${r.name}`, symptom });
    }
  },
});
