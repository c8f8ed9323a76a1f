/**
 * The only credentials the sandbox knows by default. They are public on purpose: the sandbox is a
 * local stand-in for DQE, so nothing secret may depend on them.
 */
export const SANDBOX_CREDENTIALS = {
  licence: 'SANDBOX-LICENCE',
  clientSecret: 'sandbox-client-secret',
  partnerName: 'IDMOBILE-SANDBOX',
} as const;
