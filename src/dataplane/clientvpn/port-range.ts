/**
 * The source ports a Client VPN ENI may use after source NAT (CVPN-3, NACL-6).
 *
 * Model: AWS does not document which source ports the Client VPN ENI picks when it translates a client's packet
 * to its own address. vpcsim assumes the range AWS lists for its other address-translating services (NAT gateway,
 * Elastic Load Balancing, Lambda: 1024–65535, NACL-6) — **[UNCERTAIN — assumed, not stated in the guide]**. The
 * constant lives in `model/clientvpn.ts` so that `validate/` can use it without depending on the data plane. Traces
 * keep the client's source port as a representative value; lint compares NACL reply rules against this range.
 */
import { CLIENT_VPN_ENI_PORT_RANGE } from '../../model/clientvpn.js';
import type { PortRange } from '../../model/network.js';

/** Ports the Client VPN ENI may use as the translated source port: 1024–65535 (assumed, NACL-6; defined in the model). */
export { CLIENT_VPN_ENI_PORT_RANGE };

/** `"1024-65535"` — the assumed range as text for messages. */
export function formatClientVpnPortRange(r: PortRange = CLIENT_VPN_ENI_PORT_RANGE): string {
  return `${r.from}-${r.to}`;
}
