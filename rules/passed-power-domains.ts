/**
 * passed-power-domains: a passed device with several `power-domains` entries. The platform bus
 * attaches a device to its PM domain only when it has exactly one (genpd_dev_pm_attach), and
 * vfio-platform attaches none by hand, so its runtime PM reference powers nothing: the domains stay
 * on only while something else keeps them on, and genpd_power_off_unused powers the others off at late
 * boot unless `pd_ignore_unused` is on the command line.
 */
import { getProperty, nodePath } from '../src/dts/query.js';
import { bindingById } from '../src/graph/bindings.js';
import { splitList } from '../src/graph/split.js';
import { anchorFor, deletedProperty, inUserFiles, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { cmdlineParam } from '../src/passthrough/cmdline.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { missingParamNote } from './support/cmdline-note.js';
import { definePairRule } from './support/pair-rule.js';
import { cellName, who } from './support/pair.js';

export default definePairRule({
  id: 'passed-power-domains',
  level: 'warning',
  scope: 'pair',
  summary: 'A passed device with several power-domains, or whose power-domains the user deletes: vfio-platform powers none of them',
  symptoms: [SYMPTOM.guestDeviceFails],
  messages: {
    deleted:
      "passed {{device}}: this override deletes its power-domains, so no PM domain is attached to it (genpd_dev_pm_attach) and vfio-platform's runtime PM asks nothing to power it: it works in the guest only while its domain is on for another reason (another active user, an always-on domain, or a domain the boot firmware left on that genpd_power_off_unused does not turn off{{cmdline}}); keep the power-domains",
    unattached:
      "passed {{device}} has {{count}} power-domains entries ({{domains}}): the platform bus attaches a device to its PM domain only when it has exactly one (genpd_dev_pm_attach), so vfio-platform's runtime PM powers none of them, and genpd_power_off_unused powers each off at late boot unless an active host device, a powered subdomain or an always-on flag keeps it on{{cmdline}}; a domain nothing keeps on is then off when the guest runs, and the device does not respond as its driver expects (a domain that only aggregates votes, such as Qualcomm's rpmhpd, loses the host's vote instead); add pd_ignore_unused to the host's kernel command line (it keeps the domains that are on at boot on), or keep the domains on from the host",
  },
  check({ pair, report }) {
    // __setup("pd_ignore_unused"): genpd_power_off_unused returns before queueing any power-off.
    const ignoreUnused = cmdlineParam(pair.cmdline, 'pd_ignore_unused') !== undefined;
    const binding = bindingById('power-domains')!;
    for (const device of pair.passed) {
      // i.MX 8 with an SCU partition (every i.MX 8: U-Boot's update_fdt_with_owned_resources): U-Boot
      // strips a node whose domain the guest owns, uboot-strip asks for this very deletion, and the
      // guest's partition powers the resource through its SCU.
      const deletion = !pair.partition && !getProperty(device.node, 'power-domains') && device.available ? deletedProperty(pair.host, device.node, 'power-domains') : undefined;
      if (deletion && inUserFiles(pair.host, deletion.at)) {
        report({
          at: deletion.at,
          messageId: 'deleted',
          data: { device: who(device.node), cmdline: ignoreUnused ? '' : ', or pd_ignore_unused on the command line' },
          related: notesBesides([...(deletion.removed ? [{ message: 'the power-domains it deletes', at: deletion.removed.at }] : []), ...qemuNote(device)], deletion.at),
          subject: `${nodePath(device.node)}:power-domains`,
          symptom: SYMPTOM.guestDeviceFails,
        });
        continue;
      }
      const prop = getProperty(device.node, 'power-domains');
      if (!prop || !device.available || ignoreUnused) continue;
      const entries = splitList(device.node, prop, binding, pair.host.split).entries.filter((e) => !e.problem && !e.empty && e.provider);
      if (entries.length < 2) continue;
      const domains = entries.map((e) => `<&${who(e.provider!)}${e.args.map((c) => ` ${cellName(c, pair.rsrcNames)}`).join('')}>`);
      const at = anchorFor(pair, pair.host, prop.at, device.node, device);
      report({
        at,
        messageId: 'unattached',
        data: { device: who(device.node), count: entries.length, domains: domains.join(', '), cmdline: missingParamNote(pair.cmdline, 'pd_ignore_unused') },
        related: notesBesides([{ message: `${who(device.node)}'s power-domains`, at: prop.at }, ...qemuNote(device)], at),
        subject: `${nodePath(device.node)}:power-domains`,
        symptom: SYMPTOM.guestDeviceFails,
      });
    }
  },
});
