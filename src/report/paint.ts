/**
 * The colours the stylish report uses, as a chalk instance gives them. Without colour the report
 * paints with NO_PAINT and chalk is never touched: the CLI's bundle initializes chalk on first use
 * (scripts/build/bundle.ts), and building its styles is start-up time (docs/performance.md) for a run that prints no colour (a
 * pipe, a file, CI, a pre-commit hook).
 */
type Style = (text: string) => string;

export interface Paint {
  red: Style & { bold: Style };
  yellow: Style & { bold: Style };
  gray: Style;
  dim: Style;
  underline: Style;
}

const same: Style = (text) => text;
const sameBold = Object.assign((text: string) => text, { bold: same });

/** Every colour as no colour at all. */
export const NO_PAINT: Paint = { red: sameBold, yellow: sameBold, gray: same, dim: same, underline: same };
