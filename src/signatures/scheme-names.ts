/** The names --verify and --sign take, light enough for `--help`; registry.ts holds one scheme for each (the compiler checks). */
export const SIGNATURE_SCHEME_NAMES = ['standard-webhooks', 'svix', 'stripe', 'github', 'shopify', 'slack', 'hmac-sha256'] as const;

export type SignatureSchemeName = (typeof SIGNATURE_SCHEME_NAMES)[number];
