/**
 * `assert` for the bundled CLI (scripts/bundle.ts aliases it here): yargs checks its own arguments
 * with strictEqual and notStrictEqual, and loading node:assert costs ~3 ms of every start. A check
 * that passes needs nothing; one that fails is handed to the real node:assert, which throws its
 * usual AssertionError.
 */
'use strict';

function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) require('node:assert').strictEqual(actual, expected, message);
}

function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) require('node:assert').notStrictEqual(actual, expected, message);
}

module.exports = { strictEqual, notStrictEqual };
