import { describe, expect, test } from 'vitest';
import { compileBodySchema, describeSchemaFailure } from '../../../src/core/assertions/index.js';
import { UsageError } from '../../../src/core/errors.js';

const order = {
  type: 'object',
  required: ['id', 'amount', 'status'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^ord_' },
    amount: { type: 'number', minimum: 0 },
    status: { enum: ['paid', 'refunded'] },
    email: { type: 'string', format: 'email' },
    lines: { type: 'array', items: { type: 'integer' } },
  },
};

describe('draft-07 (the default)', () => {
  const check = compileBodySchema(order);

  test('a fitting body has no failures', () => {
    expect(check({ id: 'ord_1', amount: 3.5, status: 'paid', email: 'a@b.co', lines: [1, 2] })).toEqual([]);
  });

  test('every problem is listed with its path and the value found', () => {
    const failures = check({ id: 'x', amount: '12', status: 'lost', email: 'nope', lines: [1, 'two'], extra: 1 });
    expect(failures.map(describeSchemaFailure).sort()).toEqual(
      [
        'body/amount must be number (got "12")',
        'body/email must match format "email" (got "nope")',
        'body/extra is not allowed here (got 1)',
        'body/id must match pattern "^ord_" (got "x")',
        'body/lines/1 must be integer (got "two")',
        'body/status must be one of "paid", "refunded" (got "lost")',
      ].sort(),
    );
  });

  test('a missing member is named', () => {
    expect(check({ id: 'ord_1', amount: 1 })).toEqual([{ path: '/status', message: 'is required', actual: undefined }]);
    expect(describeSchemaFailure({ path: '/status', message: 'is required', actual: undefined })).toBe('body/status is required');
  });

  test('a body of the wrong type is reported at the root', () => {
    expect(check('hello').map(describeSchemaFailure)).toEqual(['body must be object (got "hello")']);
  });

  test('draft-07 tuple items work', () => {
    const tuple = compileBodySchema({ $schema: 'http://json-schema.org/draft-07/schema#', items: [{ type: 'string' }, { type: 'number' }] });
    expect(tuple(['a', 1])).toEqual([]);
    expect(tuple(['a', 'b'])).toHaveLength(1);
  });
});

describe('2020-12 (OpenAPI 3.1)', () => {
  const schema = {
    type: 'object',
    required: ['exportId'],
    properties: {
      exportId: { type: 'string' },
      rows: { type: 'integer', exclusiveMinimum: 0 },
      downloadUrl: { type: ['string', 'null'], format: 'uri' },
      point: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false },
      status: { const: 'done' },
    },
  };

  test.each([{ dialect: '2020-12' as const }, {}])('passes and fails with %j', (options) => {
    const check = compileBodySchema({ ...schema, $schema: 'https://json-schema.org/draft/2020-12/schema' }, options);
    expect(check({ exportId: 'e1', rows: 3, downloadUrl: null, point: [1, 2], status: 'done' })).toEqual([]);
    const failures = check({ exportId: 'e1', rows: 0, downloadUrl: 'not a uri', point: [1, 2, 3], status: 'queued' });
    expect(failures.map(describeSchemaFailure).sort()).toEqual(
      [
        'body/downloadUrl must match format "uri" (got "not a uri")',
        'body/point must NOT have more than 2 items (got [1,2,3])',
        'body/rows must be > 0 (got 0)',
        'body/status must be "done" (got "queued")',
      ].sort(),
    );
  });
});

describe('OpenAPI 3.0 schema objects', () => {
  const parcel = {
    type: 'object',
    required: ['state', 'attempts'],
    discriminator: { propertyName: 'state' },
    xml: { name: 'parcel' },
    example: { state: 'delivered', attempts: 1 },
    properties: {
      state: { type: 'string', enum: ['in_transit', 'delivered'], nullable: true, readOnly: true },
      attempts: { type: 'integer', format: 'int32', minimum: 0 },
      weightKg: { type: 'number', minimum: 0, exclusiveMinimum: true, format: 'double' },
      signedBy: { nullable: true, allOf: [{ type: 'string' }] },
      id: { type: 'string', format: 'uuid', writeOnly: true },
    },
  };
  const check = compileBodySchema(parcel, { dialect: 'openapi-3.0' });

  test('nullable accepts null, also on enums and typeless schemas', () => {
    expect(check({ state: null, attempts: 0, signedBy: null })).toEqual([]);
    expect(check({ state: 'delivered', attempts: 2, signedBy: 'Ada', weightKg: 0.5 })).toEqual([]);
  });

  test('boolean exclusiveMinimum means what OpenAPI 3.0 says', () => {
    expect(check({ state: 'delivered', attempts: 1, weightKg: 0 }).map(describeSchemaFailure)).toEqual([
      'body/weightKg must be > 0 (got 0)',
    ]);
  });

  test('OpenAPI formats are checked and other keywords tolerated', () => {
    const failures = check({ state: 'lost', attempts: 2 ** 40, id: 'nope' }).map(describeSchemaFailure);
    expect(failures).toContain('body/attempts must match format "int32" (got 1099511627776)');
    expect(failures).toContain('body/id must match format "uuid" (got "nope")');
    expect(failures.some((line) => line.startsWith('body/state must be one of'))).toBe(true);
  });

  test('without the translation, a nullable enum refuses null and a typeless nullable does not compile', () => {
    const nullableEnum = { type: 'string', enum: ['a'], nullable: true };
    expect(compileBodySchema(nullableEnum, { dialect: 'openapi-3.0' })(null)).toEqual([]);
    expect(compileBodySchema(nullableEnum, { dialect: 'draft-07' })(null)).not.toEqual([]);
    const typeless = { nullable: true, allOf: [{ type: 'string' }] };
    expect(compileBodySchema(typeless, { dialect: 'openapi-3.0' })(null)).toEqual([]);
    expect(() => compileBodySchema(typeless, { dialect: 'draft-07' })).toThrow(UsageError);
  });
});

describe('a schema that cannot compile', () => {
  test('is a UsageError naming the schema', () => {
    const compile = () => compileBodySchema({ type: 'strnig' }, { label: '--expect-schema order.json' });
    expect(compile).toThrow(UsageError);
    expect(compile).toThrow(/^--expect-schema order\.json is not a valid JSON Schema: /);
  });

  test('an unresolvable $ref is a UsageError too', () => {
    expect(() => compileBodySchema({ $ref: '#/definitions/Missing' })).toThrow(UsageError);
  });
});
