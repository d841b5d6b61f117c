import { describe, expect, it } from '@jest/globals';
import chalk from 'chalk';
import { DirectedGraph } from 'graphology';
import { SourceFile } from '../src/dts/source.js';

describe('toolchain', () => {
  it('runs TypeScript tests with ESM-only packages', () => {
    const g = new DirectedGraph();
    g.addNode('a');
    expect(g.order).toBe(1);
    expect(typeof chalk.red).toBe('function');
    expect(new SourceFile('x', 'a\nbc').positionAt(3)).toEqual({ line: 2, column: 2 });
  });
});
