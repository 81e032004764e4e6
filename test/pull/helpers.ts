/**
 * What the `vpcsim pull` tests share: the recorded account (scenario S0 of scenarios.md — Network Firewall egress
 * through a NAT gateway — plus an S3 gateway endpoint and a Client VPN endpoint), the flows traced over it with the
 * answers derived by hand, credentials isolated from the machine's, and a retry policy that never waits.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FlowSpec } from '../../src/model/expectation.js';
import type { Network } from '../../src/model/network.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../src/pull/retry.js';
import { SDK_PACKAGES } from '../../src/pull/sdk.js';

/**
 * The AWS SDK is an optional dependency (`npm ci` installs it; an install without optional packages does not): the
 * tests that run it report themselves skipped without it, as the kernel tests do without iptables.
 */
export const SDK_INSTALLED = ((): boolean => {
  try {
    // Every package pull loads (a checkout whose node_modules predates a new optional package skips, not fails).
    for (const p of SDK_PACKAGES) createRequire(import.meta.url).resolve(p);
    return true;
  } catch {
    return false;
  }
})();

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'aws');
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '222233334444';
export const REGION = 'ap-northeast-1';
export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const KEYS = { [ACCESS_KEY]: ACCOUNT };

/** The environment of a process that must find only the test's credentials (no ~/.aws, no instance metadata). */
export function isolatedEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'vpcsim-pull-home-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

export const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/**
 * For the tests of one file: the standard chain of this process finds the test's environment credentials first,
 * and nothing of the machine's ~/.aws or instance metadata; the environment is restored afterwards.
 */
export function useTestCredentials(): void {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env = Object.fromEntries(Object.entries(saved).filter(([k]) => !k.startsWith('AWS_')));
    process.env['AWS_ACCESS_KEY_ID'] = ACCESS_KEY;
    process.env['AWS_SECRET_ACCESS_KEY'] = SECRET_KEY;
    process.env['AWS_CONFIG_FILE'] = join(tmpdir(), 'vpcsim-no-aws-config');
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(tmpdir(), 'vpcsim-no-aws-credentials');
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  });
  afterAll(() => {
    process.env = saved;
  });
}

/** Retries that record their delays instead of waiting. */
export function noWait(delays: number[] = []): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

const APP = 'i-0600000000000app';
const ACL = 'acl-0600000000000dflt';

export interface ExpectedTrace {
  readonly flow: FlowSpec;
  readonly verdict: string;
  readonly code: string | null;
  /** `id/action` of each forward hop. */
  readonly forward: readonly string[];
}

/**
 * The flows and their answers, derived from the semantics (not from a run):
 * 1. S0 flow 1 — app to www.google.com: the private table sends 0.0.0.0/0 to the firewall endpoint (RT-3), the
 *    domain allowlist passes the SNI (NFW-12), the firewall subnet's table sends it to the NAT gateway, which
 *    translates (NGW-2) and leaves through the IGW (IGW-2). The default NACL is checked leaving and entering each
 *    subnet it crosses (NACL-1), and allows all.
 * 2. S0 flow 3 — example.com is not on the allowlist: dropped at the endpoint (NFW-12, FIREWALL_RULES_RESTRICTION).
 * 3. S3 from app: the gateway endpoint's prefix-list route (RT-18) is more specific than 0.0.0.0/0 (RT-1), so it
 *    bypasses the firewall and leaves through the endpoint.
 * 4. alice over Client VPN to app:22: authorized for 10.60.30.0/24 (CVPN-4), source-NATed to the endpoint's ENI in
 *    the associated subnet (CVPN-3), whose group sg-…cvpn the app group admits on 22 (SG-6).
 * 5. The same on port 80: no rule of the app group admits it (ENI_SG_RULES_MISMATCH).
 * 6. alice to the NAT gateway's subnet: no authorization rule covers 10.60.20.0/24 (CVPN-4).
 */
export const EXPECTED: readonly ExpectedTrace[] = [
  {
    flow: { from: APP, to: '142.250.196.100', protocol: 'tcp', port: 443, sni: 'www.google.com' },
    verdict: 'reachable',
    code: null,
    forward: [
      `${APP}/forward`,
      'sg-0600000000000app/allow',
      'rtb-0600000000000priv/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'vpce-0600000000000f1a/forward',
      'rtb-060000000000000fw/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'nat-0600000000000000a/translate',
      'rtb-06000000000000nat/forward',
      `${ACL}/allow`,
      'igw-0600000000000000a/translate',
      'internet/exit',
    ],
  },
  {
    flow: { from: APP, to: '93.184.215.14', protocol: 'tcp', port: 443, sni: 'example.com' },
    verdict: 'unreachable',
    code: 'FIREWALL_RULES_RESTRICTION',
    forward: [
      `${APP}/forward`,
      'sg-0600000000000app/allow',
      'rtb-0600000000000priv/forward',
      `${ACL}/allow`,
      `${ACL}/allow`,
      'vpce-0600000000000f1a/drop',
    ],
  },
  {
    flow: { from: APP, to: '52.219.4.10', protocol: 'tcp', port: 443 },
    verdict: 'reachable',
    code: null,
    forward: [
      `${APP}/forward`,
      'sg-0600000000000app/allow',
      'rtb-0600000000000priv/forward',
      `${ACL}/allow`,
      'vpce-06000000000000s3a/exit',
    ],
  },
  ...[22, 80].map((port): ExpectedTrace => ({
    flow: { from: 'client:alice', to: APP, protocol: 'tcp', port },
    verdict: port === 22 ? 'reachable' : 'unreachable',
    code: port === 22 ? null : 'ENI_SG_RULES_MISMATCH',
    forward: [
      'client:alice/forward',
      'cvpn-endpoint-0600000000000cvpn/forward',
      'cvpn-endpoint-0600000000000cvpn/forward',
      'cvpn-endpoint-0600000000000cvpn/allow',
      'cvpn-endpoint-0600000000000cvpn/translate',
      'sg-060000000000cvpn/allow',
      'subnet-0600000000000030a/forward',
      port === 22 ? 'sg-0600000000000app/allow' : 'sg-0600000000000app/drop',
      ...(port === 22 ? [`${APP}/deliver`] : []),
    ],
  })),
  {
    flow: { from: 'client:alice', to: '10.60.20.5', protocol: 'tcp', port: 22 },
    verdict: 'unreachable',
    code: 'CLIENT_VPN_AUTHORIZATION_RESTRICTION',
    forward: [
      'client:alice/forward',
      'cvpn-endpoint-0600000000000cvpn/forward',
      'cvpn-endpoint-0600000000000cvpn/forward',
      'cvpn-endpoint-0600000000000cvpn/drop',
    ],
  },
];

/** describe-* has no VPN clients (they are people, not resources): the tests add alice to the pulled endpoint. */
export function withAlice(net: Network): Network {
  return {
    ...net,
    vpnClients: [
      ...net.vpnClients,
      {
        id: 'alice',
        endpoint: 'cvpn-endpoint-0600000000000cvpn',
        groups: [],
        span: { file: 'test', line: 1, col: 1 },
      },
    ],
  };
}

/** A JSON value with every `span` (file positions differ between two folders) and `files` list removed. */
export function withoutSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSpans);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== 'span')
      .map(([k, x]) => [k, withoutSpans(x)]),
  );
}
