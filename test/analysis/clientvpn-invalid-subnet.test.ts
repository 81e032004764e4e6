/**
 * Fuzz session12-clean native:86560: the S3 example with its Client VPN target subnet's CIDR mangled
 * (`192.16.0/24`). Validation reports INVALID_CIDR and the subnet — so the endpoint's ENI in it — is not compiled,
 * but the target network still got the ENI's address, and the trace of a client threw "has no ENI for target
 * network" (`vpcsim test`: internal error). CVPN-3: the ENI lives in the association's subnet; without a compiled
 * subnet there is no ENI, and the client's traffic is dropped with CLIENT_VPN_NO_ENI_ADDRESS, as for an unknown
 * subnet.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNative } from '../../src/formats/native/index.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import { traceFlow } from '../../src/analysis/trace.js';

const S3 = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 's3-client-vpn.yaml'), 'utf8');

describe('a Client VPN target network in a subnet that did not compile (CVPN-3)', () => {
  it("drops the client's traffic with CLIENT_VPN_NO_ENI_ADDRESS instead of throwing", () => {
    const text = S3.replace('target: { cidr: 192.168.10.0/24,', 'target: { cidr: 192.16.0/24,');
    expect(text).not.toBe(S3);
    const r = importNative(text, 's3.yaml');
    const c = compileNetwork(r.network).compiled;
    const t = traceFlow(c, { from: 'client:user', to: '192.168.1.63', protocol: 'tcp', port: 22 });
    expect(t.verdict).toBe('unreachable');
    expect(t.forward.code).toBe('CLIENT_VPN_NO_ENI_ADDRESS');
    expect(t.forward.hops.at(-1)?.id).toBe('cvpn');
  });
});
