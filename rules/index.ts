/**
 * The rule registry: every rule dtlint knows, one module each, named by its id.
 * Add a rule here, give it `docs/rules/<id>.md`, and test/rules/docs.test.ts checks the page.
 */
import type { AnyRule } from '../src/lint/rule.js';
import commentSwallowsCode from './comment-swallows-code.js';
import syntaxError from './syntax-error.js';
import unresolvedReference from './unresolved-reference.js';
import unusedSuppression from './unused-suppression.js';

export const rules: readonly AnyRule[] = [syntaxError, unresolvedReference, commentSwallowsCode, unusedSuppression];
