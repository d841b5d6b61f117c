/**
 * The layer check (`npm run layers`, .dependency-cruiser.cjs) fails on what it is there to stop:
 * an import against the layers' direction and a circle. Run on a scratch tree, so the check is
 * shown to be able to fail.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const DEPCRUISE = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

function cruise(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-layers-'));
  try {
    copyFileSync(resolve('.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('layers', () => {
  it('accepts imports down the layers', () => {
    const r = cruise({ 'src/dts/tree.ts': 'export const x = 1;\n', 'src/graph/g.ts': "import { x } from '../dts/tree.js';\nexport const y = x;\n" });
    expect(r.status).toBe(0);
  });

  it('refuses an import up the layers', () => {
    const r = cruise({ 'src/run/r.ts': 'export const r = 1;\n', 'src/dts/tree.ts': "import { r } from '../run/r.js';\nexport const x = r;\n" });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('layer-dts');
  });

  it('refuses a circle', () => {
    const r = cruise({
      'src/dts/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/dts/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('no-circular');
  });
});
