/**
 * ajv for the bundled CLI (scripts/bundle.ts aliases every `ajv` import here). Loading ajv runs
 * ~60 modules (~5 ms of every start); dtlint needs it only to validate a config file, so the real
 * package is loaded when the first validator is made, from node_modules at run time: not bundled,
 * so its 250 KB are not read on every start either.
 */
'use strict';

// Not a literal: esbuild leaves the require to Node.
const AJV = ['ajv', 'dist', 'ajv.js'].join('/');
let real;

class Ajv {
  constructor(options) {
    real ??= require(AJV);
    return new real.Ajv(options);
  }
}

module.exports = { Ajv, default: Ajv };
