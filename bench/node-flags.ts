/**
 * bin/dtlint.js restarts a run given at least this many DTS files under these node flags (a bigger
 * young generation: see there why). The bench runs its dtlint children as such a run does, so that
 * it measures what the user runs; test/bench/node-flags.test.ts keeps the two in step.
 */
export const MANY_BOARDS = 64;
export const MANY_BOARDS_NODE_FLAGS = ['--max-semi-space-size=64'];
