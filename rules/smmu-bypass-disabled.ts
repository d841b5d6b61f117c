/**
 * smmu-bypass-disabled: an enabled ARM SMMU blocks the DMA of host masters that sit behind it
 * without `iommus`, when unmatched streams may not bypass it: arm-smmu's `disable_bypass` (on by
 * default, CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y) unless the command line holds
 * `arm-smmu.disable_bypass=0`; arm-smmu-v3 always. Which masters sit behind it, and how sure
 * dtlint is of that, is src/passthrough/smmu-bypass.ts. The finding is an error only where every
 * link is certain (the user's deletion took a master off the SMMU, the command line and the
 * kernel config are known, no firmware may step in); everything else is a warning that says what
 * must hold.
 */
import { basename } from 'node:path';
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { Location } from '../src/dts/location.js';
import type { Node } from '../src/dts/tree.js';
import { hex, listText } from '../src/dts/message-text.js';
import { nodePath } from '../src/dts/query.js';
import { headOf } from '../src/dts/node-head.js';
import { nodeAnchor, notesBesides } from '../src/passthrough/anchors.js';
import { boolParam, cmdlineParam, type KernelCmdline } from '../src/passthrough/cmdline.js';
import { nodeClass } from '../src/passthrough/dma-master.js';
import type { KconfigFile } from '../src/passthrough/kconfig.js';
import type { PairModel } from '../src/passthrough/pair.js';
import { blockingSmmus, type BlockingSmmu, type UnlistedMaster } from '../src/passthrough/smmu-bypass.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { isLayerscape } from '../src/passthrough/layerscape.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const BLOCKS = 'the SMMU blocks {{their}} transactions as unknown streams ("Blocked unknown Stream ID" in the host log)';

const MESSAGES = {
  blocked:
    '{{master}} loses DMA: this /delete-property/ {{property}} takes it off {{smmu}}, which stays enabled, so arm-smmu sets up no stream-map entry for its stream {{sids}} and the SMMU blocks its transactions as an unknown stream ("Blocked unknown Stream ID" in the host log): {{bypass}}; keep its {{property}}, or add arm-smmu.disable_bypass=0 to the host\'s command line',
  blockedV3:
    '{{master}} loses DMA: this /delete-property/ {{property}} takes it off {{smmu}}, an SMMUv3 that stays enabled: arm-smmu-v3 gives its stream {{sids}} no stream table entry, and every entry it has not given a master aborts (arm_smmu_init_initial_stes); Linux 6.12 has no disable_bypass for SMMUv3, so keep its {{property}}',
  blockedUnless:
    '{{master}} loses DMA{{ifMaster}}: this /delete-property/ {{property}} takes it off {{smmu}}, which stays enabled, so arm-smmu sets up no stream-map entry for it{{sidNote}} and the SMMU blocks its transactions as an unknown stream ("Blocked unknown Stream ID" in the host log){{caveat}}, unless unmatched streams may bypass the SMMU: {{need}}; or keep its {{property}}',
  blockedV3Unless:
    '{{master}} loses DMA{{ifMaster}}: this /delete-property/ {{property}} takes it off {{smmu}}, an SMMUv3 that stays enabled, and every stream table entry arm-smmu-v3 has not given a master aborts (arm_smmu_init_initial_stes){{caveat}}; keep its {{property}}',
  newSmmu: `{{smmu}} is enabled here, where {{upstream}} leaves it disabled, and {{behind}}: arm-smmu sets up no stream-map entry for a master without iommus, so ${BLOCKS} and the host loses {{their}} DMA, unless unmatched streams may bypass the SMMU: {{need}}; or give {{each}} iommus`,
  newSmmuV3: `{{smmu}} is enabled here, where {{upstream}} leaves it disabled, and {{behind}}: every stream table entry arm-smmu-v3 has not given a master aborts (arm_smmu_init_initial_stes), so the host loses {{their}} DMA; Linux 6.12 has no disable_bypass for SMMUv3: give {{each}} iommus`,
} as const;

export default definePairRule({
  id: 'smmu-bypass-disabled',
  level: 'error',
  scope: 'pair',
  summary: 'An enabled ARM SMMU blocks host DMA masters that sit behind it without iommus (arm-smmu.disable_bypass is on by default; SMMUv3 always blocks)',
  symptoms: [SYMPTOM.dmaFaults],
  softMessages: ['blockedUnless', 'blockedV3Unless', 'newSmmu', 'newSmmuV3'],
  messages: MESSAGES,
  check({ pair, report }) {
    const smmus = blockingSmmus(pair);
    if (smmus.length === 0) return;
    const bypass = bypassState(pair.cmdline, pair.kconfig);
    const firmware = firmwareOf(pair);
    for (const smmu of smmus) {
      if (!driverBuilt(pair.kconfig, smmu)) continue;
      const v3 = smmu.driver === 'arm-smmu-v3';
      // With disable_bypass off, arm-smmu lets unmatched streams through: nothing is blocked.
      if (!v3 && !bypass.blocks) continue;
      const name = who(smmu.node);
      // SMMUv3 has no parameter: the command line is no part of its finding.
      const cmdlineNotes = bypass.at && !v3 ? [{ message: `the command line dtlint read (${pair.cmdline.describe})`, at: bypass.at }] : [];
      for (const m of smmu.masters) {
        if (m.evidence.kind !== 'deleted') continue;
        const e = m.evidence;
        const caveat = caveatOf(smmu, firmware);
        const unsure = m.mastering !== 'master' || caveat !== '';
        const base = { master: who(m.node), property: e.property, smmu: name };
        const related = notesBesides([{ message: `the ${e.property} it deletes`, at: e.removedAt }, ...cmdlineNotes], e.at);
        const common = { at: e.at, related, subject: `${nodePath(m.node)}:${e.property}`, symptom: SYMPTOM.dmaFaults };
        const ifMaster = m.mastering === 'master' ? '' : ` if it masters DMA (dtlint cannot tell from its node name "${nodeClass(m.node)}")`;
        if (v3) {
          if (unsure) report({ ...common, messageId: 'blockedV3Unless', data: { ...base, ifMaster, caveat } });
          else report({ ...common, messageId: 'blockedV3', data: { ...base, sids: sidText(e.streamIds) } });
          continue;
        }
        if (!unsure && bypass.certain) {
          report({ ...common, messageId: 'blocked', data: { ...base, sids: sidText(e.streamIds), bypass: bypass.why } });
          continue;
        }
        const sidNote = firmware === 'imx8qm'
          ? '; U-Boot programs it no stream ID either (config_smmu_fdt reads iommus), so it carries whatever the SCU firmware left'
          : e.streamIds.length > 0 ? ` (stream ${sidText(e.streamIds)})` : '';
        report({ ...common, messageId: 'blockedUnless', data: { ...base, ifMaster, sidNote, caveat, need: bypass.need } });
      }
      if (!smmu.newlyEnabled) continue;
      const fresh = smmu.masters.filter((m) => m.evidence.kind !== 'deleted');
      // Nothing the tree ties to it: the passed devices may be its only masters. Say nothing rather than guess.
      if (fresh.length === 0) continue;
      const at = smmu.enabledAt ?? nodeAnchor(pair, pair.host, smmu.node);
      const upstream = smmu.disabledIn ? basename(smmu.disabledIn) : 'the kernel\'s tree';
      const subject = `${nodePath(smmu.node)}:status`;
      const one = fresh.length === 1;
      const data = { smmu: name, upstream, behind: behindText(smmu, fresh), their: one ? 'its' : 'their', each: one ? 'it' : 'each' };
      const related = notesBesides([...fresh.slice(0, 12).map((m) => masterNote(pair, m)), ...cmdlineNotes], at);
      if (v3) report({ at, messageId: 'newSmmuV3', data, related, subject, symptom: SYMPTOM.dmaFaults });
      else report({ at, messageId: 'newSmmu', data: { ...data, need: bypass.need }, related, subject, symptom: SYMPTOM.dmaFaults });
    }
  },
});

/** Whether arm-smmu lets unmatched streams through, and how sure dtlint is of it. */
interface BypassState {
  /** disable_bypass ends up on (the parameter says 1, or the default is y). */
  blocks: boolean;
  /** The command line is certain and the value does not rest on an unknown kernel config. */
  certain: boolean;
  /** Why it blocks, for the error. */
  why: string;
  /** What would let streams through, for the warnings. */
  need: string;
  /** Where the parameter (or the command line) is written. */
  at?: Location;
}

const PARAM = 'arm-smmu.disable_bypass';

/**
 * The built-in module's parameter prefix is its object's name, arm_smmu (drivers/iommu/arm/arm-smmu/Makefile);
 * kernel/params.c parameq reads `-` and `_` alike, so `arm-smmu.disable_bypass` sets it too.
 */
function bypassState(cmdline: KernelCmdline, kconfig: KconfigFile | undefined): BypassState {
  const param = cmdlineParam(cmdline, PARAM);
  const value = param ? boolParam(param) : undefined;
  const where = cmdline.describe;
  // The source the command line rests on: CONFIG_CMDLINE under FORCE, else the --cmdline file, else bootargs.
  const byOrigin = (o: string) => cmdline.sources.find((x) => x.origin === o);
  const source = where.startsWith('CONFIG_CMDLINE') ? byOrigin('kconfig') : (byOrigin('cmdline-file') ?? byOrigin('bootargs') ?? byOrigin('kconfig'));
  if (param && value === false) return { blocks: false, certain: cmdline.certain, why: '', need: '', at: param.at };
  if (param && value === true) {
    return {
      blocks: true,
      certain: cmdline.certain,
      why: `${where} sets ${param.raw}=${param.value ?? ''}`,
      need: `set ${PARAM}=0 instead of ${param.raw}=${param.value ?? ''} (${where})`,
      at: param.at,
    };
  }
  const entry = kconfig?.byName.get('ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT');
  if (entry && entry.value === 'n') return { blocks: false, certain: cmdline.certain, why: '', need: '' };
  const known = entry?.value === 'y';
  const config = known ? `${basename(kconfig!.file)} sets CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y` : 'CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT defaults to y';
  const unlessConfig = known ? '' : '; a kernel built with ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=n needs none';
  let need: string;
  if (cmdline.certain) {
    need = where.startsWith('CONFIG_CMDLINE')
      ? `add ${PARAM}=0 to CONFIG_CMDLINE (CONFIG_CMDLINE_FORCE: the bootloader's command line is ignored${unlessConfig})`
      : `add ${PARAM}=0 to the host's command line (${where} has none${unlessConfig})`;
  } else if (cmdline.sources.length === 0) {
    need = `the host's command line must hold ${PARAM}=0 (dtlint sees no command line: give it with --cmdline${unlessConfig})`;
  } else if (where === '/chosen/bootargs') {
    need = `the host's command line must hold ${PARAM}=0 (/chosen/bootargs has none, and U-Boot's bootargs usually replace it${unlessConfig})`;
  } else {
    need = `the host's command line must hold ${PARAM}=0 (${where} has none${unlessConfig})`;
  }
  const state: BypassState = { blocks: true, certain: cmdline.certain && known, why: `${where} has no ${PARAM}, and ${config}`, need };
  if (source) state.at = source.at;
  return state;
}

/** A kernel config that leaves the SMMU's driver out: it never probes, so it blocks nothing. */
function driverBuilt(kconfig: KconfigFile | undefined, smmu: BlockingSmmu): boolean {
  if (!kconfig) return true;
  const name = smmu.driver === 'arm-smmu' ? 'ARM_SMMU' : 'ARM_SMMU_V3';
  const entry = kconfig.byName.get(name);
  if (entry) return entry.value === 'y' || entry.value === 'm';
  return !kconfig.full;
}

type Firmware = 'imx8qm' | 'layerscape' | undefined;

/** Boot firmware that decides a master's stream ID or iommus where the tree does not show it. */
function firmwareOf(pair: PairModel): Firmware {
  if (pair.imx8qm) return 'imx8qm';
  if (isLayerscape(pair.host.tree)) return 'layerscape';
  return undefined;
}

function caveatOf(smmu: BlockingSmmu, firmware: Firmware): string {
  if (firmware === 'imx8qm') return ' (unless that ID matches another master\'s entry)';
  if (firmware === 'layerscape') return ' (unless U-Boot writes its iommus back at boot: fdt_fixup_icid, for the nodes its ICID table names)';
  if (smmu.qcom) return ' (unless the boot firmware left a stream-map entry for it: qcom_smmu_cfg_probe keeps those as bypass)';
  return '';
}

function sidText(ids: readonly number[]): string {
  if (ids.length === 0) return 'IDs';
  if (ids.length === 1) return `ID ${hex(ids[0]!)}`;
  return `IDs ${listText(ids.map((i) => hex(i)), 6)}`;
}

/** "gpu@2d000000 sits behind it without iommus (arm/juno-base.dtsi writes them in a comment)", and the neighbours. */
function behindText(smmu: BlockingSmmu, masters: readonly UnlistedMaster[]): string {
  const commented = masters.filter((m) => m.evidence.kind === 'commented');
  const neighbours = masters.filter((m) => m.evidence.kind === 'neighbour');
  const parts: string[] = [];
  if (commented.length > 0) {
    const files = [...new Set(commented.map((m) => (m.evidence.kind === 'commented' ? basename(m.evidence.file) : '')))];
    const names = listText(commented.map((m) => who(m.node)), 8);
    parts.push(
      commented.length === 1
        ? `${names} sits behind it without iommus (${files.join(', ')} writes them in a comment)`
        : `${names} sit behind it without iommus (${files.join(', ')} writes their iommus in comments)`,
    );
  }
  // One clause per bus: each master is named beside the master with iommus on its own bus.
  const byBus = new Map<Node, { via: Node; masters: UnlistedMaster[] }>();
  for (const m of neighbours) {
    if (m.evidence.kind !== 'neighbour') continue;
    const entry = byBus.get(m.evidence.bus);
    if (entry) entry.masters.push(m);
    else byBus.set(m.evidence.bus, { via: m.evidence.via, masters: [m] });
  }
  for (const [bus, { via, masters: onBus }] of byBus) {
    const names = listText(onBus.map((m) => who(m.node)), 8);
    const verb = onBus.length === 1 ? 'sits' : 'sit';
    parts.push(`${names} ${verb} behind it without iommus if ${onBus.length === 1 ? 'its' : 'their'} transactions go through ${who(smmu.node)} as those of ${who(via)}, on the same bus ${who(bus)}, do`);
  }
  return parts.join(', and ');
}

function masterNote(pair: PairModel, m: UnlistedMaster): RelatedLocation {
  if (m.evidence.kind === 'commented') return { message: `${who(m.node)}: its iommus, commented out`, at: m.evidence.at };
  return { message: `${who(m.node)} is defined here`, at: headOf(m.node.definedAt[0]!, pair.sources) };
}
