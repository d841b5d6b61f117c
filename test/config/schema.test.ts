/**
 * docs/config.schema.json is configSchema() over the registry's rule ids, written out. Regenerate it
 * after adding a rule: DTLINT_UPDATE_SCHEMA=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/config/schema.test.ts
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../rules/index.js';
import { configSchema } from '../../src/config/schema.js';

const FILE = join(process.cwd(), 'docs/config.schema.json');

describe('docs/config.schema.json', () => {
  it('is the schema the loader validates with', () => {
    const expected = JSON.stringify(configSchema(rules.map((r) => r.id)), null, 2) + '\n';
    if (process.env.DTLINT_UPDATE_SCHEMA === '1') writeFileSync(FILE, expected);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});
