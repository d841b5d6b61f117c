/** Whether to colour output: `--no-color`, then NO_COLOR and FORCE_COLOR, then whether the stream is a terminal. */
import type { ColorSupportLevel } from 'chalk';

export type { ColorSupportLevel };

export interface ColorInputs {
  /** `--color` / `--no-color` when given. */
  flag?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  isTTY?: boolean;
}

export function resolveColorLevel(inputs: ColorInputs): ColorSupportLevel {
  if (inputs.flag === false) return 0;
  const env = inputs.env ?? {};
  // https://no-color.org: any non-empty value turns colour off.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && inputs.flag !== true) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && inputs.flag !== true) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (inputs.flag === true) return 1;
  return inputs.isTTY ? 1 : 0;
}
