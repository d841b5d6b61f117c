/**
 * The host kernel's command line: split as next_arg does, put together as early_init_dt_scan_chosen
 * does (bootargs, CONFIG_CMDLINE with FORCE / EXTEND / from the bootloader), looked up as parameq does.
 */
import { describe, expect, it } from '@jest/globals';
import { SourceFile } from '../../src/dts/source.js';
import { pointLocation } from '../../src/dts/location.js';
import { boolParam, cmdlineFromBootargs, cmdlineFromFile, cmdlineParam, kernelCmdline, splitCmdline } from '../../src/passthrough/cmdline.js';
import { parseKconfig } from '../../src/passthrough/kconfig.js';

const at = pointLocation('host.dts', 3, 5);
const words = (text: string): Array<[string, string | undefined]> => splitCmdline(text, 'cmdline-file', () => at).map((p) => [p.name, p.value]);

describe('splitCmdline', () => {
  it('splits on spaces, keeps quoted spaces, reads - as _ in names, stops at --', () => {
    expect(words(' console=ttymxc0,115200  quiet vfio-platform.reset_required=0 "dyndbg=file a.c +p" x="a b" -- single'))
      .toEqual([['console', 'ttymxc0,115200'], ['quiet', undefined], ['vfio_platform.reset_required', '0'], ['dyndbg', 'file a.c +p'], ['x', 'a b']]);
  });

  it('locates each word of a --cmdline file', () => {
    const file = cmdlineFromFile(new SourceFile('/tmp/cmdline', 'root=/dev/mmcblk0p2\n  clk_ignore_unused\n'));
    expect(file.params.map((p) => [p.raw, p.at.line, p.at.column, p.at.endColumn])).toEqual([['root', 1, 1, 20], ['clk_ignore_unused', 2, 3, 20]]);
  });
});

describe('kernelCmdline', () => {
  const bootargs = cmdlineFromBootargs('console=ttyLP0 clk_ignore_unused', 'host.dts', at);
  const file = cmdlineFromFile(new SourceFile('/tmp/cmdline', 'console=ttyLP0 arm-smmu.disable_bypass=0'));

  it('a --cmdline file is certain and replaces /chosen/bootargs (U-Boot overwrites them)', () => {
    const c = kernelCmdline({ file, bootargs });
    expect(c.certain).toBe(true);
    expect(cmdlineParam(c, 'clk_ignore_unused')).toBeUndefined();
    expect(cmdlineParam(c, 'arm_smmu.disable_bypass')?.value).toBe('0');
  });

  it('/chosen/bootargs alone is a guess', () => {
    const c = kernelCmdline({ bootargs });
    expect(c.certain).toBe(false);
    expect(c.describe).toBe('/chosen/bootargs');
    expect(cmdlineParam(c, 'clk_ignore_unused')?.value).toBeUndefined();
  });

  it('CONFIG_CMDLINE: forced, appended, or a default for an empty command line', () => {
    const forced = parseKconfig('CONFIG_CMDLINE="iommu.passthrough=1"\nCONFIG_CMDLINE_FORCE=y\n', 'k.config');
    expect(kernelCmdline({ bootargs, kconfig: forced })).toMatchObject({ certain: true, params: [{ name: 'iommu.passthrough', value: '1' }] });
    const extend = parseKconfig('CONFIG_CMDLINE="iommu.passthrough=1"\nCONFIG_CMDLINE_EXTEND=y\n', 'k.config');
    expect(kernelCmdline({ file, kconfig: extend }).params.map((p) => p.name)).toEqual(['console', 'arm_smmu.disable_bypass', 'iommu.passthrough']);
    const dflt = parseKconfig('CONFIG_CMDLINE="iommu.passthrough=1"\n', 'k.config');
    expect(kernelCmdline({ bootargs, kconfig: dflt }).params.map((p) => p.name)).toEqual(['console', 'clk_ignore_unused']);
    expect(kernelCmdline({ kconfig: dflt })).toMatchObject({ certain: false, params: [{ name: 'iommu.passthrough' }] });
  });

  it('the last assignment wins; booleans as kstrtobool reads them', () => {
    const c = kernelCmdline({ file: cmdlineFromFile(new SourceFile('c', 'a.b=1 a-b=no x=on y=off z w=maybe')) });
    const p = (n: string) => boolParam(cmdlineParam(c, n)!);
    expect(cmdlineParam(c, 'a_b')?.value).toBe('no');
    expect([p('a.b'), p('x'), p('y'), p('z'), p('w')]).toEqual([true, true, false, true, undefined]);
  });
});
