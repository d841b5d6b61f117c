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

describe('docs/configuration.md', () => {
  it('documents every key of the schema', () => {
    const text = readFileSync(join(process.cwd(), 'docs/configuration.md'), 'utf8');
    type Obj = { properties?: Record<string, Obj>; items?: Obj };
    const schema = configSchema(rules.map((r) => r.id)) as Obj;
    const keys: string[] = [];
    const visit = (o: Obj | undefined): void => {
      for (const [key, sub] of Object.entries(o?.properties ?? {})) {
        keys.push(key);
        if (key === 'rules') continue; // its keys are the rule ids (docs/rules/)
        visit(sub);
        visit(sub.items);
      }
    };
    visit(schema);
    expect(keys.length).toBeGreaterThan(15);
    expect(keys.filter((k) => !text.includes(`\`${k}\``))).toEqual([]);
  });
});
