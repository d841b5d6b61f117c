/**
 * Bundles the CLI into one CommonJS script (dist/dtlint.cjs) and writes V8's code cache for it
 * (dist/dtlint.cjs.cache). dtlint runs on every commit: loading ~200 separate modules costs more
 * start-up time than the whole lint of a small board, and compiling the one big script costs
 * ~100 ms on a cold start that the code cache saves (bin/dtlint.js loads both; see code-cache.ts).
 * CommonJS because only a classic script can be compiled with a code cache on Node 20.
 * The library API (dist/src/index.js) stays unbundled ES modules.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { writeCodeCache } from './code-cache.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/dtlint.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ASCII only, so the loader can read the file as latin1 (no UTF-8 decoding on start-up).
  charset: 'ascii',
  // Smaller to read on every start (~30%); names are kept, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Modules that ask for their own URL (yargs' shim, the SARIF docs lookup) get the bundle's.
  define: { 'import.meta.url': '__dtlintBundleUrl' },
  banner: { js: "var __dtlintBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // yargs, cliui and wrap-ansi measure their help text with string-width, which costs ~35 ms of
  // start-up when it loads: the shim measures ASCII itself and loads the real one for the rest.
  // ajv is needed only when there is a config file to validate: loaded then (~5 ms of start-up).
  // yargs' strictEqual/notStrictEqual checks: node:assert loads only when one fails (~3 ms).
  alias: {
    'string-width': './scripts/bundle-shims/string-width.cjs',
    ajv: './scripts/bundle-shims/ajv.cjs',
    assert: './scripts/bundle-shims/assert.cjs',
  },
});

// The loader bin/dtlint.js (CommonJS) requires to run the bundle with its code cache.
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/load-bundle.js'],
  outfile: 'dist/load-bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

if (!(await writeCodeCache(root))) process.stderr.write('bundle: could not write the code cache\n');
