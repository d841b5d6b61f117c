/**
 * The real pre-commit (Debian's 3.0.4 or newer) installs dtlint from this repository's
 * `.pre-commit-hooks.yaml` and guards commits in a scratch git repository: a board with an
 * unresolved reference is refused with the finding, a good one passes, and a changed `.dtsi` or
 * header is checked through the board that includes it (a header no board includes passes).
 *
 * The hook repository is a scratch commit of this working tree (tracked and untracked, not ignored
 * files), so uncommitted work is what gets tested. pre-commit installs it with npm (one install per
 * run, from the npm cache when `npm ci` filled it), which takes half a minute: this suite runs with
 * `npm run test:integration` (DTLINT_INTEGRATION=1; .ci/run does) and is skipped, saying so, by
 * plain `npm test` and where `pre-commit` is not installed.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve('.');
const requested = process.env.DTLINT_INTEGRATION === '1';
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;
const checkout = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: REPO, encoding: 'utf8' }).status === 0;
const runIt = requested && available && checkout;
if (!requested) console.warn('pre-commit integration test skipped: run `npm run test:integration`');
else if (!available) console.warn('pre-commit integration test skipped: `pre-commit` is not installed (Debian package pre-commit)');
else if (!checkout) console.warn('pre-commit integration test skipped: not a git checkout (the hook repository is made from git ls-files)');

const tmp = mkdtempSync(join(tmpdir(), 'dtlint-pre-commit-'));
const env = {
  ...process.env,
  PRE_COMMIT_HOME: join(tmp, 'cache'),
  // No user or system git config (a core.hooksPath would make pre-commit refuse to install).
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'dtlint test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'dtlint test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  NO_COLOR: '1',
};

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 600_000 });
}

function git(cwd: string, ...args: string[]): string {
  const r = run('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], cwd);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A commit of this working tree as pre-commit would clone it: tracked and untracked, not ignored, files. */
function hookRepository(): { path: string; rev: string } {
  const path = join(tmp, 'hook');
  const listed = git(REPO, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter((f) => f !== '');
  for (const file of new Set(listed)) {
    mkdirSync(dirname(join(path, file)), { recursive: true });
    try {
      copyFileSync(join(REPO, file), join(path, file));
    } catch {
      // Deleted in the working tree: not part of what is tested.
    }
  }
  git(path, 'init', '-q');
  git(path, 'add', '-A');
  git(path, 'commit', '-q', '-m', 'dtlint under test');
  return { path, rev: git(path, 'rev-parse', 'HEAD') };
}

const SOC = `/ {
	#address-cells = <1>;
	#size-cells = <1>;

	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;

		uart0: serial@1000 {
			compatible = "acme,uart";
			reg = <0x1000 0x100>;
		};
	};
};
`;

const BOARD = `/dts-v1/;

#include "../soc/acme.dtsi"

&uart0 {
	status = "okay";
};
`;

/** `git commit` with the hook: its exit status and everything pre-commit printed. */
function commit(cwd: string, message: string): { status: number | null; output: string } {
  const r = run('git', ['-c', 'commit.gpgsign=false', 'commit', '-m', message], cwd);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

(runIt ? describe : describe.skip)('pre-commit hook (real pre-commit)', () => {
  const user = join(tmp, 'user');

  it('installs the hook from .pre-commit-hooks.yaml (npm install and build at install time)', () => {
    const hook = hookRepository();
    mkdirSync(user);
    git(user, 'init', '-q');
    write(user, {
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hook.path}\n    rev: ${hook.rev}\n    hooks:\n      - id: dtlint\n`,
      'soc/acme.dtsi': SOC,
      'boards/board.dts': BOARD,
    });
    expect(run('pre-commit', ['install'], user).status).toBe(0);
    const started = Date.now();
    const installed = run('pre-commit', ['install-hooks'], user);
    console.info(`pre-commit install-hooks took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(installed.stderr + installed.stdout).not.toMatch(/An unexpected error has occurred|\[ERROR\]/);
    expect(installed.status).toBe(0);
  }, 600_000);

  it('lets a good commit through', () => {
    git(user, 'add', '-A');
    const { status, output } = commit(user, 'a good board');
    expect(output).toMatch(/^dtlint\.+Passed$/m);
    expect(status).toBe(0);
  }, 120_000);

  it('refuses a board with an unresolved reference, showing the finding', () => {
    const head = git(user, 'rev-parse', 'HEAD');
    write(user, { 'boards/bad.dts': '/dts-v1/;\n\n&nosuch {\n\tstatus = "okay";\n};\n' });
    git(user, 'add', 'boards/bad.dts');
    const { status, output } = commit(user, 'a bad board');
    expect(status).not.toBe(0);
    expect(output).toMatch(/^dtlint\.+Failed$/m);
    expect(output).toMatch(/boards\/bad\.dts\n\s+3:1\s+error\s+Label or path nosuch not found\s+unresolved-reference/);
    expect(git(user, 'rev-parse', 'HEAD')).toBe(head);
    git(user, 'rm', '-q', '--cached', 'boards/bad.dts');
    rmSync(join(user, 'boards/bad.dts'));
  }, 120_000);

  it('checks a changed .dtsi through the board that includes it', () => {
    write(user, { 'soc/acme.dtsi': SOC.replace('uart0:', 'uart_0:') });
    git(user, 'add', 'soc/acme.dtsi');
    const refused = commit(user, 'rename the uart label');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/boards\/board\.dts\n\s+5:1\s+error\s+Label or path uart0 not found; did you mean uart_0\?\s+unresolved-reference/);

    write(user, { 'soc/acme.dtsi': SOC.replace('compatible = "acme,uart";', 'compatible = "acme,uart";\n\t\t\tclock-frequency = <24000000>;') });
    git(user, 'add', 'soc/acme.dtsi');
    const passed = commit(user, 'a harmless .dtsi change');
    expect(passed.output).toMatch(/^dtlint\.+Passed$/m);
    expect(passed.status).toBe(0);
  }, 120_000);

  it("checks a changed header through the board that includes it; a header no board includes passes", () => {
    write(user, {
      'boards/other.h': '#define UART_STATUS "okay"\n',
      'boards/other.dts': '/dts-v1/;\n#include "other.h"\n\n/ {\n\tchosen {\n\t\tstatus = UART_STATUS;\n\t};\n};\n',
    });
    git(user, 'add', 'boards/other.h', 'boards/other.dts');
    const good = commit(user, 'a board with its own header');
    expect(good.output).toMatch(/^dtlint\.+Passed$/m);
    expect(good.status).toBe(0);

    write(user, { 'boards/other.h': '#define UART_STATE "okay"\n' });
    git(user, 'add', 'boards/other.h');
    const refused = commit(user, 'rename the macro');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/boards\/other\.dts\n\s+6:12\s+error\s+UART_STATUS is not defined/);
    write(user, { 'boards/other.h': '#define UART_STATUS "okay"\n' });
    git(user, 'add', 'boards/other.h');

    write(user, { 'src/util.h': '#define NOT_FOR_BOARDS 1\n' });
    git(user, 'add', 'src/util.h');
    const orphan = commit(user, 'a C header no board includes');
    expect(orphan.output).toMatch(/^dtlint\.+Passed$/m);
    expect(orphan.status).toBe(0);
  }, 120_000);

  it('cleans up', () => {
    rmSync(tmp, { recursive: true, force: true });
  });
});

if (!runIt) rmSync(tmp, { recursive: true, force: true });
