/**
 * Turns an OpenAPI 3.0 schema object into the JSON Schema it means: `nullable: true` becomes a `null`
 * alternative, and the draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` become numbers.
 * Keywords JSON Schema lacks (`example`, `xml`, `discriminator`, ...) stay and are ignored by a non-strict validator.
 */
export function fromOpenApi30Schema(schema: unknown): unknown {
  return convert(schema, new WeakMap());
}

/** Members whose values are data, not schemas: left as they are. */
const DATA_MEMBERS = new Set(['example', 'examples', 'enum', 'default', 'const']);

function convert(node: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const done = seen.get(node);
  if (done !== undefined) return done;
  if (Array.isArray(node)) {
    const copy: unknown[] = [];
    seen.set(node, copy);
    for (const item of node) copy.push(convert(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(node, copy);
  for (const [key, value] of Object.entries(node)) {
    copy[key] = DATA_MEMBERS.has(key) || key.startsWith('x-') ? value : convert(value, seen);
  }
  convertExclusiveBound(copy, 'exclusiveMinimum', 'minimum');
  convertExclusiveBound(copy, 'exclusiveMaximum', 'maximum');
  if (!('nullable' in copy) || typeof copy.nullable !== 'boolean') return copy;
  const nullable = copy.nullable;
  delete copy.nullable;
  if (!nullable) return copy;
  const result = allowNull(copy);
  seen.set(node, result);
  return result;
}

function convertExclusiveBound(schema: Record<string, unknown>, exclusive: string, bound: string): void {
  if (schema[exclusive] === true && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else if (typeof schema[exclusive] === 'boolean') {
    delete schema[exclusive];
  }
}

/** Mutates the fresh copy so that `null` is accepted too. */
function allowNull(schema: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    return schema;
  }
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    return schema;
  }
  // No type: the null alternative must sit beside the whole schema (allOf/oneOf/$ref forms).
  return Object.keys(schema).length === 0 ? schema : { anyOf: [schema, { type: 'null' }] };
}
