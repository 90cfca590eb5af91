/**
 * The suite format as JSON Schema (draft-07, which editors' YAML plugins understand). `schema/suite.schema.json` is
 * this object written out (`npm run schema`); a test keeps the two equal. Every scalar may also be one `${{ }}`.
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const orExpression = (schema: Schema): Schema => ({ anyOf: [schema, ref('expression')] });
const text = (description: string): Schema => ({ type: 'string', description });
const object = (properties: Record<string, Schema>, required: string[] = [], description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
});

export const DURATION_PATTERN = '^\\s*(0|(\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*)+)$';

const FIRE_MODES = ['rpc', 'subscribe', 'openapi', 'oauth', 'listen'] as const;
const WAIT_FIELDS = ['count', 'until', 'expect', 'expectSchema', 'timeout'] as const;
const SIGN_SCHEMES = ['standard-webhooks', 'svix', 'stripe', 'github', 'shopify', 'slack', 'hmac-sha256'];

const waitProperties: Record<string, Schema> = {
  count: ref('count'),
  until: text('stop waiting at the first callback that matches, e.g. $.body.status == "done"'),
  expect: ref('expectations'),
  expectSchema: text('JSON Schema file each counted callback body must match (relative to this file)'),
  timeout: ref('duration'),
};

const fireBlocks: Record<string, Schema> = {
  rpc: object(
    {
      url: text('JSON-RPC endpoint'),
      method: text('JSON-RPC method'),
      params: { anyOf: [{ type: 'object' }, ref('expression')], description: 'params; the callback URL goes in $rpc.callback' },
      id: { type: ['string', 'number'], description: '42 is a number, "42" a string; the callback must carry the same id' },
      jsonrpcVersion: orExpression({ enum: ['2.0', 'none'] }),
      headers: ref('headers'),
    },
    ['url', 'method'],
    'fire --rpc',
  ),
  subscribe: object(
    {
      url: text('REST subscription endpoint'),
      body: { description: 'subscription body; the callback URL is written at callbackPointer' },
      callbackPointer: orExpression({ type: 'string', pattern: '^(/.*)?$' }),
      cancel: orExpression({ enum: ['put', 'delete', 'none'] }),
      grace: ref('duration'),
      headers: ref('headers'),
    },
    ['url'],
    'fire --subscribe',
  ),
  openapi: object(
    {
      spec: text('OpenAPI 3.0/3.1 document (relative to this file)'),
      operation: text("operationId or 'METHOD /path'"),
      server: text("base URL of the API (default: the document's first server)"),
      body: { description: "request body (default: the spec's example)" },
      params: { type: 'object', additionalProperties: ref('scalar'), description: 'path, query or header parameters (--param)' },
      headers: ref('headers'),
    },
    ['spec', 'operation'],
    'fire --openapi',
  ),
  oauth: object(
    {
      url: text('authorization endpoint'),
      clientId: text('OAuth client id'),
      tokenUrl: text('exchange the code for tokens here'),
      scope: text('space-separated scopes'),
      clientSecret: text('a literal, env:NAME or @file; redacted everywhere'),
      redirectPath: text('fixed redirect_uri path on the receiver'),
      browser: orExpression({ type: 'boolean' }),
      headers: ref('headers'),
    },
    ['url', 'clientId'],
    'fire --oauth',
  ),
  listen: object({}, [], 'no request: wait for callbacks to the case URL'),
};

// `send --sign SCHEME --secret S` and its generic-scheme flags, as the receiver's `verify` block spells them.
const signProperties: Record<string, Schema> = {
  scheme: orExpression({ enum: SIGN_SCHEMES }),
  secret: text('signing secret: a literal, env:NAME or @file; redacted everywhere'),
  signatureHeader: text('hmac-sha256: the header the signature goes in'),
  signatureEncoding: orExpression({ enum: ['hex', 'base64'] }),
  signaturePrefix: text('hmac-sha256: text before the digest, e.g. sha256='),
};

const stepBlocks: Record<string, Schema> = {
  request: object(
    { method: text('HTTP method (default GET, or POST with a body)'), url: text('URL'), headers: ref('headers'), body: { description: 'JSON body' } },
    ['url'],
    'a plain HTTP request',
  ),
  send: object(
    {
      url: text('the callback or trigger URL'),
      data: { description: 'JSON body' },
      method: text('HTTP method (default POST)'),
      headers: ref('headers'),
      sign: {
        anyOf: [{ enum: SIGN_SCHEMES }, ref('expression'), object(signProperties, ['scheme', 'secret'])],
        description: 'sign what is sent with a fresh id and timestamp: a scheme (with secret beside it), or { scheme, secret, signatureHeader, … }',
      },
      secret: text('signing secret: a literal, env:NAME or @file; redacted everywhere'),
      signatureHeader: text('hmac-sha256: the header the signature goes in'),
      signatureEncoding: orExpression({ enum: ['hex', 'base64'] }),
      signaturePrefix: text('hmac-sha256: text before the digest, e.g. sha256='),
    },
    ['url'],
    'cbtest send',
  ),
  wait: object(waitProperties, [], 'wait for callbacks to the case URL'),
  sleep: ref('duration'),
};

// Blocks live in definitions and are referenced, so ajv compiles each once although cases and steps both hold them.
const blockRefs = (blocks: Record<string, Schema>): Record<string, Schema> => Object.fromEntries(Object.keys(blocks).map((name) => [name, ref(name)]));

const caseKinds = [...FIRE_MODES, 'steps'];
const stepKinds = ['request', 'send', ...FIRE_MODES, 'wait', 'sleep'];

/** Exactly one of `kinds`; the keys that only some kinds take are refused for the others. */
function oneKindOf(kinds: string[], refusals: Record<string, string[]>): Schema {
  return {
    oneOf: kinds.map((kind) => ({ required: [kind] })),
    allOf: Object.entries(refusals).map(([kind, keys]) => ({
      if: { required: [kind] },
      then: { properties: Object.fromEntries(keys.map((key) => [key, false])) },
    })),
  };
}

const suiteCase: Schema = {
  type: 'object',
  description: 'one fire block (rpc, subscribe, openapi, oauth, listen) with its wait fields, or steps',
  additionalProperties: false,
  properties: {
    name: text('shown in reports'),
    ...blockRefs(fireBlocks),
    steps: { type: 'array', minItems: 1, items: ref('step') },
    ...waitProperties,
    retry: ref('retry'),
    capture: ref('capture'),
  },
  ...oneKindOf(caseKinds, { steps: [...WAIT_FIELDS, 'capture'] }),
};

const step: Schema = {
  type: 'object',
  description: 'request, send, a fire block (with its wait fields), wait or sleep; each with its capture',
  additionalProperties: false,
  properties: { ...blockRefs(stepBlocks), ...blockRefs(fireBlocks), ...waitProperties, capture: ref('capture') },
  ...oneKindOf(stepKinds, {
    request: [...WAIT_FIELDS],
    send: [...WAIT_FIELDS],
    wait: [...WAIT_FIELDS],
    sleep: [...WAIT_FIELDS, 'capture'],
  }),
};

const receiver = object(
  {
    port: orExpression({ type: 'integer', minimum: 0, maximum: 65535 }),
    host: text('receiver address'),
    https: orExpression({ type: 'boolean' }),
    publicUrl: text('the receiver is already reachable here'),
    tunnel: orExpression({ type: 'boolean' }),
    tunnelHost: text('a self-hosted localtunnel server'),
    subdomain: text('ask the tunnel server for this subdomain'),
    forwardTo: text('forward each callback to your app'),
    status: ref('status'),
    responseBody: { description: 'body to answer callbacks with' },
    responseHeader: { anyOf: [ref('headers'), { type: 'array', items: { type: 'string' } }], description: "{ Name: value } or ['Name: value']" },
    delay: ref('duration'),
    failFirst: orExpression({ type: 'integer', minimum: 0 }),
    bodyLimit: orExpression({ type: 'integer', minimum: 1 }),
    record: text('append every event to this NDJSON file'),
    durable: orExpression({ type: 'boolean' }),
    verify: object(
      {
        scheme: orExpression({ enum: SIGN_SCHEMES }),
        secret: text('a literal, env:NAME or @file; redacted everywhere'),
        tolerance: ref('duration'),
        signatureHeader: text('header carrying the signature (hmac-sha256)'),
        signatureEncoding: orExpression({ enum: ['hex', 'base64'] }),
        signaturePrefix: text('text before the signature, e.g. sha256='),
      },
      ['scheme'],
    ),
    respondSeq: {
      anyOf: [{ type: 'array', minItems: 1, items: ref('status') }, { type: 'string' }],
      description: 'the Nth callback gets the Nth status, the last repeats: [503, 503, 200] or "503,503,200"',
    },
    retryAfter: ref('duration'),
    deliveryKey: text('JSONPath naming the delivery key'),
    redactHeader: { type: 'array', items: { type: 'string' }, description: 'more headers to write as <redacted>' },
    relay: { anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, items: { type: 'string' } }], description: 'relay URL, or several to fail over between' },
    relayToken: text('a literal, env:NAME or @file; redacted everywhere'),
    relayKey: text('keep one relay channel across runs; a literal, env:NAME or @file; redacted everywhere'),
  },
  [],
  'the one receiver of the run; the receiver flags in camelCase',
);

export const suiteSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/cbtest/cbtest/schema/suite.schema.json',
  title: 'cbtest suite',
  description: 'A cbtest suite file: cases that fire requests and wait for their callbacks (cbtest run)',
  type: 'object',
  additionalProperties: false,
  required: ['cases'],
  // x-… keys hold YAML anchors to reuse with `<<: *name`, as in docker-compose files.
  patternProperties: { '^x-': {} },
  properties: {
    $schema: { type: 'string' },
    name: text('default: the file name'),
    vars: { type: 'object', propertyNames: ref('name'), description: 'values for ${{ name }}; may use env and other vars' },
    secrets: {
      type: 'object',
      propertyNames: ref('name'),
      additionalProperties: { type: 'string' },
      description: 'like vars, but redacted everywhere: a literal, env:NAME or @file',
    },
    receiver,
    defaults: object({ timeout: ref('duration'), retry: ref('retry') }),
    cases: { type: 'array', minItems: 1, items: ref('case') },
  },
  definitions: {
    expression: { type: 'string', pattern: '^\\$\\{\\{.*\\}\\}$', description: 'one ${{ name }} expression' },
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    scalar: { type: ['string', 'number', 'boolean'] },
    headers: { type: 'object', additionalProperties: ref('scalar'), description: '{ Name: value }' },
    // 0 is the one duration that needs no unit (it is the same in all of them).
    duration: { anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { enum: [0] }, ref('expression')] },
    count: orExpression({ type: 'integer', minimum: 1 }),
    retry: orExpression({ type: 'integer', minimum: 0 }),
    status: orExpression({ type: 'integer', minimum: 100, maximum: 599 }),
    expectations: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: "assertions on each counted callback, e.g. '$.body.status == \"completed\"'",
    },
    capture: {
      type: 'object',
      propertyNames: ref('name'),
      additionalProperties: { type: 'string', pattern: '^(ack\\.)?\\$' },
      description: "name: '$.body.x' (last counted callback) or 'ack.$.body.x' (the acknowledgment)",
    },
    ...fireBlocks,
    ...stepBlocks,
    case: suiteCase,
    step,
  },
};

export const SUITE_CASE_KINDS = caseKinds;
export const SUITE_STEP_KINDS = stepKinds;
export const SUITE_FIRE_MODES: readonly string[] = FIRE_MODES;
