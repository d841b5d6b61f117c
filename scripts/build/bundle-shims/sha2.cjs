/**
 * @noble/hashes' sha256 for the bundled CLI (scripts/bundle.ts resolves `@noble/hashes/sha2.js`
 * here), bundled but initialized on the first hash: its tables and hasher set-up cost every start
 * ~0.4 ms, and only the JSON and SARIF reports hash (fingerprints). A require of a bundled ES
 * module is what esbuild evaluates lazily; the path escapes the resolve hook.
 */
'use strict';

let sha2;

module.exports = {
  sha256(data) {
    sha2 ??= require('../../../node_modules/@noble/hashes/sha2.js');
    return sha2.sha256(data);
  },
};
