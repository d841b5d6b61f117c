/**
 * guest-missing-dependency and host-consumer-of-passed on pairs built from upstream Linux 6.12 boards
 * (fixtures/passthrough/boards: ZynqMP ZCU102 gem3, R-Car H3 Salvator-X SDHI0, i.MX 8M Plus EVK fec,
 * i.MX 8QM MEK fec1), each correct pair and variants with one injected guest bug. The expected
 * findings are written in each file's header, from the kernel sources, before dtlint ran. Other
 * rules' findings on these pairs are not asserted here. Skipped, saying so, without the corpus.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkPair } from '../../src/run/check.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const DIR = join(process.cwd(), 'fixtures/passthrough/boards');
const present = existsSync(join(KERNEL, 'arch/arm64/boot/dts/xilinx/zynqmp-zcu102-rev1.0.dts'));
if (!present) console.warn(`board pair tests skipped: needs ${KERNEL}`);
const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));
const RULES = ['guest-missing-dependency', 'host-consumer-of-passed'];

/**
 * `file:line:col level rule: message` of the two rules' findings, sorted as text: dtlint orders
 * findings by absolute path, and the host's findings sit in the kernel cache while the guest's sit in
 * the checkout, so their order depends on where each lives.
 */
function run(board: string, guest: string): string[] {
  const r = checkPair({ host: join(DIR, `${board}-host.dts`), guest: join(DIR, `${guest}.dts`), qemu: join(DIR, `${board}-qemu.txt`) }, { includeDirs, cwd: DIR });
  expect(r.notifications).toEqual([]);
  return r.findings.filter((f) => RULES.includes(f.ruleId)).map((f) => `${f.at.file.split('/').pop()}:${f.at.line}:${f.at.column} ${f.level} ${f.ruleId}: ${f.message}`).sort();
}

const REACH = 'which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach';

(present ? describe : describe.skip)('board pairs from Linux 6.12', () => {
  it('correct pairs: nothing (the host keeps firmware clocks, resets, power domains, pins, GPIOs, regulators and OTP cells)', () => {
    expect(run('zynqmp', 'zynqmp-guest')).toEqual([]);
    expect(run('rcar', 'rcar-guest')).toEqual([]);
    expect(run('imx8mp', 'imx8mp-guest')).toEqual([]);
  });

  it('ZynqMP: guest clocks of the ZynqMP firmware (SMC), and a PHY reset GPIO on a copy of the host I2C expander', () => {
    expect(run('zynqmp', 'zynqmp-guest-v1-fwclk')).toEqual([
      "zynqmp-guest-v1-fwclk.dts:35:14 error guest-missing-dependency: the guest's gem3 uses zynqmp_clk (clocks[0]) of zynqmp_firmware, firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so zynqmp_firmware fails to probe in the guest and the probe of gem3 is deferred for want of zynqmp_clk, which never appears; drop the reference (the host keeps what its firmware set up) or give the guest a fixed clock of its own",
    ]);
    expect(run('zynqmp', 'zynqmp-guest-v2-expander')).toEqual([
      `zynqmp-guest-v2-expander.dts:53:21 warning guest-missing-dependency: the guest's phy0 uses tca6416_u97 (reset-gpios[0]), a copy of host tca6416_u97, ${REACH} host i2c0, the bus it sits on and nothing the guest driver of tca6416_u97 does acts on that hardware; drop the reference (tca6416_u97 is not memory-mapped, so vfio-platform cannot take it)`,
    ]);
  });

  it('R-Car: card detect on a copy of the host gpio3, which host regulators use', () => {
    expect(run('rcar', 'rcar-guest-v1-cdgpio')).toEqual([
      `rcar-guest-v1-cdgpio.dts:36:16 warning guest-missing-dependency: the guest's sdhi0 uses gpio3 (cd-gpios[0]), a copy of host gpio3, ${REACH} its registers and nothing the guest driver of gpio3 does acts on that hardware; drop the reference: the host keeps gpio3 (vcc_sdhi3 and vccq_sdhi3 use it)`,
    ]);
  });

  it('i.MX 8M Plus: the MAC address cell on a copy of the host OCOTP', () => {
    expect(run('imx8mp', 'imx8mp-guest-v1-ocotp')).toEqual([
      `imx8mp-guest-v1-ocotp.dts:40:19 warning guest-missing-dependency: the guest's fec uses eth_mac1 (nvmem-cells[0]), a copy of host ocotp, ${REACH} its registers and nothing the guest driver of ocotp does acts on that hardware; drop the reference: the host keeps ocotp (soc, A53_0 and eqos use it)`,
    ]);
  });

  it("i.MX 8QM MEK: fec2's phy-handle into passed fec1's MDIO bus stays; a guest fec1 without clocks", () => {
    expect(run('imx8qm', 'imx8qm-guest')).toEqual([
      'imx8qm-guest.dts:8:3 warning guest-missing-dependency: the guest\'s fec1 names no clocks, while host fec1 names 4 ("ipg", "ahb", "enet_clk_ref" and "ptp"): a guest driver that gets a clock at probe (fec, macb and renesas_sdhi do) fails to probe; give the guest node fixed clocks at the rates the host runs them',
      'imx8qm-mek.dts:544:16 warning host-consumer-of-passed: fec2 still depends on passed fec1 (phy-handle[0] -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1): once 5b040000.ethernet belongs to the guest, no host driver provides it, so fec2 loses it on the host; pass it too or disable it, or keep fec1 on the host',
    ]);
  });
});
