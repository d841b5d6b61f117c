#!/usr/bin/env node
// The bundled CLI (one module, fast start-up) when the build made it; else the compiled modules.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/dtlint.mjs', import.meta.url);
const { main } = existsSync(bundle) ? await import(bundle.href) : await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
