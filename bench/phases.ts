/**
 * The timed steps of dtlint's side of the benchmark, run in order on each board. A later step
 * (graph, rules) is one more entry here: give BoardState the field it produces and read the fields
 * of the steps before it.
 */
import { compileDts, writeDtb, type CompileResult, type SourceHost } from '../src/dts/index.js';

export interface BoardState {
  /** Absolute path of the board's .dts. */
  file: string;
  compiled?: CompileResult;
  dtb?: Uint8Array;
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
];
