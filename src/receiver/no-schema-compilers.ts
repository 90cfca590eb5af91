/**
 * Fastify options for a server that declares no route schemas: without them fastify loads ajv and
 * fast-json-stringify at construction (hundreds of modules), which every `cbtest listen` would pay for at start.
 */
function noSchemas(): never {
  throw new Error('cbtest declares no fastify route schemas; a route that needs one must bring its own compiler');
}

export const NO_SCHEMA_COMPILERS = {
  schemaController: { compilersFactory: { buildValidator: () => noSchemas, buildSerializer: () => noSchemas } },
} as const;
