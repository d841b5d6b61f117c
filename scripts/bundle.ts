/**
 * Bundles the CLI into one ES module (dist/dtlint.mjs). dtlint runs on every commit: loading
 * ~200 separate modules costs more start-up time than the whole lint of a small board.
 * The library API (dist/src/index.js) stays unbundled.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/dtlint.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // CommonJS dependencies (ajv) call require(): give the ES module one.
  banner: { js: "import { createRequire as __dtlintRequire } from 'node:module'; const require = __dtlintRequire(import.meta.url);" },
});
