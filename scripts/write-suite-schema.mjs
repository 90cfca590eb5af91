// Writes schema/suite.schema.json and the precompiled validator src/suite/suite-validator.generated.ts from
// src/suite/suite-schema.ts (built into dist/); unit tests keep both equal to the schema. `npm run schema` rebuilds after.
import { writeFileSync } from 'node:fs';
import { suiteSchema } from '../dist/suite/suite-schema.js';
import { suiteValidatorSource } from '../dist/suite/suite-validator-source.js';

writeFileSync(new URL('../schema/suite.schema.json', import.meta.url), `${JSON.stringify(suiteSchema, null, 2)}\n`);
writeFileSync(new URL('../src/suite/suite-validator.generated.ts', import.meta.url), suiteValidatorSource());
