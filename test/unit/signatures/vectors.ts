/** Published test vectors (sources in /work/shared/research/03-signatures.md, recomputed there with node:crypto). */
export const STANDARD_WEBHOOKS_VECTORS = [
  // standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts ("sign function works"); also Svix's docs.
  { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}', expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' },
  // standard-webhooks libraries/rust/src/lib.rs (test_sign).
  { secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD', id: 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk', timestamp: 1649367553, body: '{"email":"test@example.com","username":"test_user"}', expected: 'v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=' },
];

// github/docs content/webhooks/using-webhooks/validating-webhook-deliveries.md
export const GITHUB_VECTOR = { secret: "It's a Secret to Everybody", body: 'Hello, World!', expected: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' };

// api.slack.com/authentication/verifying-requests-from-slack
export const SLACK_VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  expected: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

// Shopify/shopify-app-js packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts
export const SHOPIFY_VECTOR = { secret: 'test_secret_key', body: '{"foo": "bar"}', expected: 'B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=' };

export const YEAR_MS = 365.25 * 24 * 3600 * 1000;
