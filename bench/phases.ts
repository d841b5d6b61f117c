/**
 * The timed steps of dtlint's side of the benchmark, run in order on each board. A later step
 * (graph, rules) is one more entry here: give BoardState the field it produces and read the fields
 * of the steps before it.
 */
import { rules } from '../rules/index.js';
import { compileDts, writeDtb, type CompileResult, type SourceHost } from '../src/dts/index.js';
import { runSourceRules } from '../src/lint/engine.js';

export interface BoardState {
  /** Absolute path of the board's .dts. */
  file: string;
  compiled?: CompileResult;
  dtb?: Uint8Array;
  findings?: number;
}

export interface PhaseContext {
  /** Shared by all boards, as one dtlint process that loads many boards shares it. */
  host: SourceHost;
}

export interface Phase {
  name: string;
  run(board: BoardState, context: PhaseContext): void;
}

export const PHASES: Phase[] = [
  {
    name: 'compile',
    run(board, { host }) {
      board.compiled = compileDts(board.file, { symbols: true, host });
    },
  },
  {
    name: 'dtb',
    run(board) {
      // As the kernel's `dtc -b 0`.
      if (board.compiled?.tree) board.dtb = writeDtb(board.compiled.tree, { bootCpuid: 0 });
    },
  },
  {
    // The dependency graph and every source rule, on the tree the compile phase built: with
    // `compile` this is what `dtlint FILE` does for a board.
    name: 'graph+rules',
    run(board, { host }) {
      const compiled = board.compiled;
      if (!compiled) return;
      const run = runSourceRules([board.file], { compile: () => compiled, registry: rules, host });
      board.findings = run.raw.length;
    },
  },
];
