import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { suiteValidatorSource } from '../../../src/suite/suite-validator-source.js';

test('the precompiled suite validator is what the schema compiles to today (npm run schema writes it)', () => {
  const committed = readFileSync(new URL('../../../src/suite/suite-validator.generated.ts', import.meta.url), 'utf8');
  expect(committed === suiteValidatorSource(), 'src/suite/suite-validator.generated.ts is stale: run npm run schema').toBe(true);
});
