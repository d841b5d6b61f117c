/**
 * The dtlint command as a shell, npx or pre-commit starts it: bin/dtlint.js executed, its `#!` line
 * (sh) starting Node without NODE_EXTRA_CA_CERTS, which Node would otherwise parse as it starts.
 * Node warns on a bundle it cannot load: that warning shows which way Node was started.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const BIN = resolve('bin/dtlint.js');
const EXAMPLE = resolve('fixtures/example/host.dts');
const env = { ...process.env, NODE_EXTRA_CA_CERTS: '/nonexistent/dtlint-test-certs.pem', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('bin/dtlint.js', () => {
  it('is executable', () => {
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow();
  });

  it('executed, starts Node without NODE_EXTRA_CA_CERTS and passes its arguments through', () => {
    const r = spawnSync(BIN, ['--version'], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.status).toBe(0);
  });

  it('executed, lints with arguments that hold spaces and quotes as given', () => {
    const r = spawnSync(BIN, ['--format', 'json', EXAMPLE, 'no such "file".dts'], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('dtlint: no such "file".dts: No such file or directory\n');
    expect(r.status).toBe(2);
  });

  it('run by node, is the same program (Node has parsed the bundle by then)', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { env, encoding: 'utf8' });
    expect(r.stderr).toMatch(/Ignoring extra certs from `\/nonexistent\/dtlint-test-certs.pem`/);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });
});
