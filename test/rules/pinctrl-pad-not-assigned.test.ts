import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'pinctrl-pad-not-assigned';
const run = { rules: [ID] };

/** A host pin group that eth1 (enabled) uses and that claims the guest's MDC pad. */
function hostGroup(files: ReturnType<typeof example>) {
  return edit(
    files,
    'host.dts',
    '&eth1 {\n\tstatus = "disabled";',
    '&iomuxc {\n\tpinctrl_eth1: eth1grp {\n\t\tfsl,pins = <ACME_ENET0_MDC_ENET0_MDC 0x06000020>;\n\t};\n};\n\n&eth1 {\n\tpinctrl-0 = <&pinctrl_eth1>;\n\tstatus = "okay";',
  );
}

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: the partition owns every pad the guest configures', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });

    it('a guest group no enabled node uses configures nothing', () => {
      const files = edit(example(), 'guest.dts', '\t\t\tpinctrl-0 = <&pinctrl_eth0>;\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the guest configures ACME_PAD_ENET0_COMP, not in pads (the example): at the pinfunc macro', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:70:6 pinctrl-pad-not-assigned: the guest configures pad ACME_PAD_ENET0_COMP (103), which /domu/doma pads does not give it: the SCU firmware refuses the call, so the pin state of eth0 stops at this pad ("Error applying setting")',
      ]);
      const f = r.findings[0]!;
      expect(f.at).toMatchObject({ line: 70, column: 6, endColumn: 25 });
      expect(f.related.map((x) => x.message)).toEqual([
        '/domu/doma pads lists the pads the guest owns',
        'eth0 uses eth0grp',
        'macro ACME_ENET0_COMP_PAD is defined here',
        'macro ACME_PAD_ENET0_COMP is defined here',
      ]);
      expect(f.symptom).toBe('pads unconfigurable');
    });

    it('a host pin group still claims a pad given to the guest: a warning at the group', () => {
      const r = checkFiles(hostGroup(example('fixed')), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:40:15 pinctrl-pad-not-assigned: host pin group eth1grp still claims ACME_PAD_ENET0_MDC, which /domu/doma pads gives to the guest: once the guest partition owns them the SCU firmware refuses the host\'s calls, so the pin state of eth1 fails to apply on the host',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });
  });
});
