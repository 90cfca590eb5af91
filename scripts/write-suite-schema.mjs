// Writes schema/suite.schema.json from src/suite/suite-schema.ts (built into dist/); a unit test keeps them equal.
import { writeFileSync } from 'node:fs';
import { suiteSchema } from '../dist/suite/suite-schema.js';

writeFileSync(new URL('../schema/suite.schema.json', import.meta.url), `${JSON.stringify(suiteSchema, null, 2)}\n`);
