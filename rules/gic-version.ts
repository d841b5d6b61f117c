/**
 * gic-version: `-M virt,gic-version=N` asks for a GIC that KVM cannot emulate on the host's GIC, so
 * QEMU exits before the guest runs (hw/arm/virt.c finalize_gic_version). The host's GIC decides what
 * KVM has (src/passthrough/gic-version.ts): a GICv2 (GIC-400) gives only a vGICv2, a GICv3 without a
 * GICV region only a vGICv3, a GIC node without its maintenance interrupt or KVM regions no vGIC at
 * all. gic-version=host, max and no gic-version are resolved as QEMU 7.2 does with KVM.
 *
 * Whether the guest DT's GIC matches the version QEMU runs with is interrupt-mismatch's finding (it
 * uses the same resolution); this rule says only whether QEMU starts.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { nodePath } from '../src/dts/query.js';
import { gicVersionText, resolveGic } from '../src/passthrough/gic-version.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';

const MESSAGES = {
  exits: 'QEMU exits with "{{message}}" ({{request}}): {{why}}; {{fix}}',
  userspace: '{{how}}: every guest interrupt goes through QEMU, and vfio-platform forwards the passed devices\' lines through QEMU instead of KVM irqfds (slower); {{fix}}',
  unknown: 'dtlint cannot tell whether QEMU starts with {{request}} on this host: {{reason}}',
} as const;

export default definePairRule({
  id: 'gic-version',
  level: 'error',
  scope: 'pair',
  summary: "QEMU's gic-version asks for a GIC that KVM cannot emulate on the host's GIC (QEMU exits)",
  symptoms: [SYMPTOM.qemuExits, SYMPTOM.noInterrupts],
  softMessages: ['userspace', 'unknown'],
  messages: MESSAGES,
  check({ pair, report }) {
    const args = pair.qemu?.args;
    if (!args?.machine) return;
    const outcome = resolveGic(args, pair.host);
    // A userspace GIC the command line asks for (kernel-irqchip=off) is the user's choice, not a finding.
    if (!outcome || (outcome.kind === 'runs' && outcome.userspace !== 'no-vgic')) return;
    const at = args.machine.at[args.machine.at.length - 1]!;
    const request = gicVersionText(args.gicVersion);
    const subject = 'qemu:machine:gic-version';
    if (outcome.kind === 'exits') {
      const related: RelatedLocation[] = outcome.host ? [{ message: `the host's GIC ${nodePath(outcome.host.node)}`, at: outcome.host.at }] : [];
      report({ at, messageId: 'exits', data: { message: outcome.message, request, why: outcome.why, fix: outcome.fix }, related, subject, symptom: SYMPTOM.qemuExits });
      return;
    }
    if (outcome.kind === 'runs') {
      report({
        at,
        messageId: 'userspace',
        data: { how: outcome.how, fix: 'give the host GIC node what KVM needs (maintenance interrupt, GICH and GICV regions) if the hardware has them' },
        subject,
        symptom: 'none at start: interrupts are slower',
      });
      return;
    }
    const related: RelatedLocation[] = outcome.at && outcome.node ? [{ message: `the host's ${nodePath(outcome.node)}`, at: outcome.at }] : [];
    report({ at, messageId: 'unknown', data: { request, reason: outcome.reason }, related, subject, symptom: SYMPTOM.qemuExits });
  },
});

