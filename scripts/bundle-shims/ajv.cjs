/**
 * ajv for the bundled CLI (scripts/bundle.ts aliases every `ajv` import here). Loading ajv runs
 * ~60 modules (~5 ms of every start); dtlint needs it only to validate a config file, so the real
 * package is loaded when the first validator is made.
 */
'use strict';

let real;

class Ajv {
  constructor(options) {
    real ??= require('../../node_modules/ajv/dist/ajv.js');
    return new real.Ajv(options);
  }
}

module.exports = { Ajv, default: Ajv };
