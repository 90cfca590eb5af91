import { Ajv } from 'ajv';
import { suiteSchema } from './dist/suite/suite-schema.js';
const variant = JSON.parse(process.argv[2]);
const t = performance.now();
new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, ...variant }).compile(suiteSchema);
console.log(process.argv[2], (performance.now() - t).toFixed(0));
