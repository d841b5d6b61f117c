/**
 * The integration files users copy or point at: `.pre-commit-hooks.yaml`, the composite `action.yml`
 * and the example code-scanning workflow. Parsed with a YAML parser and checked for what pre-commit
 * and GitHub Actions require; the action's lint script is run with bash on the bundled example.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const REPO = resolve('.');
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const yamlOf = (path: string): unknown => parse(read(path));

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = yamlOf('.pre-commit-hooks.yaml') as Record<string, unknown>[];
  const hook = hooks.find((h) => h.id === 'dtlint')!;

  it('declares a node hook that runs the package\'s dtlint bin on the files it is given', () => {
    expect(hook).toMatchObject({ id: 'dtlint', name: 'dtlint', language: 'node', entry: 'dtlint', pass_filenames: true });
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook.entry);
    // Built at `npm install` in pre-commit's clone, and not by `npm pack` (see docs/pre-commit.md).
    expect(pkg.scripts.preprepare).toMatch(/tsc/);
    expect(pkg.scripts.prepare).toBeUndefined();
  });

  it('selects .dts, .dtsi and header files by name (a header is linted through the boards that include it)', () => {
    const files = new RegExp(hook.files as string);
    for (const name of ['board.dts', 'arch/arm64/boot/dts/freescale/imx8qm.dtsi', 'include/dt-bindings/clock/imx8-clock.h', 'boards/board-pins.h'])
      expect(files.test(name)).toBe(true);
    for (const name of ['board.dtb', 'board.dts.orig', 'overlay.dtso', 'clock.hpp', 'board.h.orig']) expect(files.test(name)).toBe(false);
  });
});

describe('action.yml', () => {
  const action = yamlOf('action.yml') as {
    name: string;
    description: string;
    inputs: Record<string, { description?: string; default?: string }>;
    outputs: Record<string, { description?: string; value?: string }>;
    runs: { using: string; steps: Step[] };
  };

  it('is a composite action whose inputs and outputs are documented', () => {
    expect(action.name).toBe('dtlint');
    expect(action.description).toBeTruthy();
    // Actions runners dropped Node 20: a JavaScript action would need node24.
    expect(['composite', 'node24']).toContain(action.runs.using);
    for (const [name, input] of Object.entries(action.inputs)) expect([name, input.description ?? '']).not.toEqual([name, '']);
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['files', 'format', 'output', 'args']));
    expect(action.inputs.format!.default).toBe('sarif');
    for (const [name, output] of Object.entries(action.outputs)) {
      expect([name, output.description ?? '']).not.toEqual([name, '']);
      expect(output.value).toMatch(/^\$\{\{ steps\.lint\.outputs\.[\w-]+ \}\}$/);
    }
    expect(Object.keys(action.outputs)).toContain('sarif');
  });

  it('gives every run step a shell, never splices inputs into a script, uses node24 actions', () => {
    for (const step of action.runs.steps) {
      if (step.run !== undefined) {
        expect([step.name, step.shell]).toEqual([step.name, 'bash']);
        expect(step.run).not.toMatch(/\$\{\{/);
      }
      if (step.uses?.startsWith('actions/setup-node@')) expect(Number(/@v(\d+)/.exec(step.uses)?.[1])).toBeGreaterThanOrEqual(5);
    }
    expect(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
  });

  it('runs dtlint: its script writes the SARIF and the outputs, and passes on findings unless asked', () => {
    const script = action.runs.steps.find((s) => s.id === 'lint')!.run!;
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-action-'));
    const run = (extra: Record<string, string>) => {
      const outputs = join(dir, `outputs-${Object.keys(extra).length}`);
      const result = spawnSync('bash', ['-e', '-c', script], {
        cwd: REPO,
        encoding: 'utf8',
        env: {
          ...process.env,
          GITHUB_OUTPUT: outputs,
          DTLINT_BIN: join(REPO, 'bin', 'dtlint.js'),
          DTLINT_FILES: 'fixtures/example/host.dts\nfixtures/example/gues*.dts',
          DTLINT_FORMAT: 'sarif',
          DTLINT_OUTPUT: join(dir, 'out.sarif'),
          DTLINT_ARGS: '--rule comment-swallows-code=error',
          DTLINT_FAIL_ON_ERROR: 'false',
          ...extra,
        },
      });
      return { status: result.status, outputs: readFileSync(outputs, 'utf8') };
    };
    const lenient = run({});
    expect(lenient.status).toBe(0);
    expect(lenient.outputs).toMatch(/^exit-code=1$/m);
    expect(lenient.outputs).toContain(`sarif=${join(dir, 'out.sarif')}\n`);
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['fixtures/example/guest.dts', 'fixtures/example/host.dts']);

    expect(run({ DTLINT_FAIL_ON_ERROR: 'true' }).status).toBe(1);
    const failed = run({ DTLINT_FILES: 'fixtures/example/no-such.dts', DTLINT_FAIL_ON_ERROR: 'false', DTLINT_ARGS: '' });
    expect(failed.status).toBe(2);
    expect(failed.outputs).toMatch(/^exit-code=2$/m);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('example code-scanning workflow', () => {
  const workflow = yamlOf('docs/examples/dtlint-code-scanning.yml') as {
    on: unknown;
    permissions?: Record<string, string>;
    jobs: Record<string, { 'runs-on': string; permissions?: Record<string, string>; steps: Step[] }>;
  };
  const [job] = Object.values(workflow.jobs);

  it('runs dtlint and uploads its SARIF with a category, allowed to write security events', () => {
    expect(workflow.on).toBeDefined();
    expect({ ...workflow.permissions, ...job!.permissions }['security-events']).toBe('write');
    const dtlint = job!.steps.find((s) => s.uses?.startsWith('dtlint/dtlint@'))!;
    expect(dtlint.id).toBeTruthy();
    const upload = job!.steps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v4')!;
    expect(upload.with).toEqual({ sarif_file: `\${{ steps.${dtlint.id}.outputs.sarif }}`, category: expect.any(String) });
    expect(upload.if).toMatch(/always\(\)/);
    expect(job!.steps.indexOf(upload)).toBeGreaterThan(job!.steps.indexOf(dtlint));
    // Every input the workflow passes exists in action.yml.
    const inputs = Object.keys((yamlOf('action.yml') as { inputs: object }).inputs);
    for (const key of Object.keys(dtlint.with ?? {})) expect(inputs).toContain(key);
  });

  it('is the workflow docs/github-action.md shows', () => {
    const shown = /```yaml\n([\s\S]*?)```/.exec(read('docs/github-action.md'))![1];
    expect(shown).toBe(read('docs/examples/dtlint-code-scanning.yml'));
  });
});
