import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchWebhook } from '../../../src/flows/openapi-webhook-match.js';
import { selectWebhooks } from '../../../src/flows/openapi-webhooks.js';
import { loadOpenApiSpec } from '../../../src/flows/openapi-spec.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/openapi/${name}`, import.meta.url));
const arrived = (body: unknown, method = 'POST') => ({ method, body, bodyText: JSON.stringify(body), size: 10 });

describe('listen --openapi: matching a callback to a webhook', async () => {
  const doc = await loadOpenApiSpec(fixture('webhooks-3.1.yaml'));

  it('finds the 3.1 webhook whose schema the body fits, and answers with its declared 2xx', () => {
    const all = selectWebhooks(doc, 'webhooks-3.1.yaml', null);
    expect(all.map((item) => item.source)).toEqual(['webhooks.newPet.post', 'webhooks.petSold.post']);
    expect(matchWebhook(all, arrived({ id: 1, name: 'Rex' }))).toEqual({ schema: { source: 'webhooks.newPet.post', valid: true, errors: [] }, response: { status: 202 } });
    expect(matchWebhook(all, arrived({ petId: 1, price: 9.5 }))).toMatchObject({ schema: { source: 'webhooks.petSold.post', valid: true }, response: { status: 200 } });
  });

  it('lists every error of every candidate when nothing fits', () => {
    const match = matchWebhook(selectWebhooks(doc, 'x', null), arrived({ id: 'one', price: -1 }));
    expect(match.schema).toEqual({
      source: 'one of webhooks.newPet.post, webhooks.petSold.post',
      valid: false,
      errors: [
        'newPet: body/name is required',
        'newPet: body/id must be integer (got "one")',
        'petSold: body/petId is required',
        'petSold: body/id is not allowed here (got "one")',
        'petSold: body/price must be >= 0 (got -1)',
      ],
    });
  });

  it('with --webhook checks that one only, every error shown', () => {
    const chosen = selectWebhooks(doc, 'x', 'petSold');
    expect(matchWebhook(chosen, arrived({ id: 1, name: 'Rex' })).schema).toEqual({
      source: 'webhooks.petSold.post',
      valid: false,
      errors: ['body/petId is required', 'body/price is required', 'body/id is not allowed here (got 1)', 'body/name is not allowed here (got "Rex")'],
    });
    expect(() => selectWebhooks(doc, 'webhooks-3.1.yaml', 'petLost')).toThrow('--webhook petLost is not in webhooks-3.1.yaml; it declares newPet, petSold');
  });

  it('a method no webhook uses, and a body that is not JSON, are invalid', () => {
    expect(matchWebhook(selectWebhooks(doc, 'x', null), arrived({}, 'PUT')).schema).toMatchObject({ valid: false, errors: ['no webhook in the document is sent with PUT (declared: POST)'] });
    expect(matchWebhook(selectWebhooks(doc, 'x', 'newPet'), { method: 'POST', body: null, bodyText: 'id=1', size: 4 }).schema.errors).toEqual(['the body is not JSON (got id=1)']);
  });

  it('reads 3.0 operation callbacks too', async () => {
    const orders = await loadOpenApiSpec(fixture('subscribe-3.0.yaml'));
    const all = selectWebhooks(orders, 'subscribe-3.0.yaml', null);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]!.source).toMatch(/^callbacks\.\w+\.\w+ of [A-Z]+ \//);
  });
});
