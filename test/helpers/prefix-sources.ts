/**
 * A SoC file and the header it includes, as the prefix store's and the prefix share's tests compile
 * them: macros in cells, labels inside values, deletions, /omit-if-no-ref/, and a filler that makes
 * the file long enough for a prefix to be kept (none is under 16 KB of text).
 */
export const SOC = `#include "defs.h"
#define MUX(pad, fn) ((pad) << 8 | (fn))
/ {
\tmemreserve-free;
\tsoc: soc@0 {
\t\t#address-cells = <1>;
\t\t#size-cells = <1>;
\t\tcompatible = "simple-bus";
\t\tranges;
\t\t/delete-property/ nothing;
\t\tuart0: serial@1000 {
\t\t\treg = <0x1000 0x100>;
\t\t\tpins = <MUX(PAD_A, 2) l1: 0xffffffff>, /bits/ 64 <0x123456789>;
\t\t\tbytes = [00 l2: 11 22];
\t\t\tlabel-name = "uart", &soc;
\t\t\tstatus = "disabled";
\t\t};
\t};
};
&uart0 { clk = <&soc CLK_UART>; };
/omit-if-no-ref/ &soc;
/ { gone: gone-node { x; }; };
/delete-node/ &gone;
&uart0 { /delete-property/ label-name; };
`;

/** Enough text for a prefix to be kept. */
export const FILLER = `/ {\n\tfiller {\n${Array.from({ length: 1200 }, (_, i) => `\t\tp${i} = <${i}>;\n`).join('')}\t};\n};\n`;

export const DEFS = '#ifndef DEFS_H\n#define DEFS_H\n#define PAD_A 7\n#define CLK_UART 42\n#define ON "okay"\n#endif\n';
