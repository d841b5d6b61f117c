import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { MANY_BOARDS, MANY_BOARDS_NODE_FLAGS } from '../../bench/node-flags.js';

// The bench must run its dtlint side as the binary runs many boards.
describe('bench node flags', () => {
  const bin = readFileSync(new URL('../../bin/dtlint.js', import.meta.url), 'utf8');

  it('match the threshold and flags of bin/dtlint.js', () => {
    expect(bin).toContain(`const MANY_BOARDS = ${MANY_BOARDS};`);
    expect(bin).toContain(`const MANY_BOARDS_NODE_FLAGS = ${JSON.stringify(MANY_BOARDS_NODE_FLAGS).replaceAll('"', "'")};`);
  });
});
