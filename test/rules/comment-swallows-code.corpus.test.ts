/**
 * comment-swallows-code over Linux 6.12's arm64 sources: every hit there is a commented-out block
 * (none is prose); all but two start with their code (commented-out-code's), so this list changes
 * only when the heuristics do. Skipped, saying so,
 * when the corpus is absent.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findSwallowedCode } from '../../rules/comment-swallows-code.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const DTS = join(KERNEL, 'arch/arm64/boot/dts');
const present = existsSync(DTS);

if (!present) console.warn(`comment-swallows-code corpus test skipped: ${DTS} is absent (set DTLINT_KERNEL)`);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.dtsi?$/.test(e.name)) yield p;
  }
}

(present ? describe : describe.skip)('comment-swallows-code on Linux 6.12 arm64', () => {
  it('reports only the accidents; code commented out on purpose is commented-out-code\'s', () => {
    const accidents: Record<string, number> = {};
    const deliberate: Record<string, number> = {};
    let files = 0;
    for (const file of sources(DTS)) {
      files++;
      for (const hit of findSwallowedCode(readFileSync(file, 'latin1'))) {
        const into = hit.deliberate ? deliberate : accidents;
        into[relative(DTS, file)] = (into[relative(DTS, file)] ?? 0) + 1;
      }
    }
    expect(files).toBeGreaterThan(2000);
    // Prose that runs on into a commented-out node: reported with a wording true either way.
    expect(accidents).toEqual({ 'apple/t600x-common.dtsi': 1, 'qcom/sdm660.dtsi': 1 });
    expect(deliberate).toEqual({
      'allwinner/sun50i-a64-olinuxino.dts': 2,
      'amlogic/meson-axg-jethome-jethub-j110-rev-2.dts': 1,
      'amlogic/meson-axg-jethome-jethub-j110-rev-3.dts': 1,
      'amlogic/meson-axg-jethome-jethub-j1xx.dtsi': 1,
      'amlogic/meson-g12b-a311d-khadas-vim3.dts': 1,
      'amlogic/meson-g12b-s922x-khadas-vim3.dts': 1,
      'amlogic/meson-sm1-khadas-vim3l.dts': 1,
      'arm/juno-base.dtsi': 1,
      'arm/juno-motherboard.dtsi': 1,
      'nvidia/tegra132-norrin.dts': 1,
      'qcom/msm8956-sony-xperia-loire.dtsi': 2,
      'renesas/r8a774c0-ek874-mipi-2.1.dts': 1,
      'renesas/salvator-common.dtsi': 1,
      'xilinx/zynqmp.dtsi': 32,
    });
  });
});
