/**
 * AWS Client VPN in the data plane (CVPN-1…CVPN-10): compile an endpoint once, then decide per packet.
 * Public surface of this folder; see each module's header for its model.
 */
export { CLIENT_VPN_ENI_PORT_RANGE, formatClientVpnPortRange } from './port-range.js';
export { clientTunnelIp, type TunnelAddress } from './tunnel-ip.js';
export { clientVpnEniAddresses, eniKey, type EniAddress } from './eni-address.js';
export {
  AuthorizationTable,
  authRuleText,
  type AuthDecision,
  type AuthRuleSet,
  type CompiledAuthRule,
} from './authorization.js';
export {
  compileClientVpn,
  type CompiledClientVpn,
  type CompiledRoute,
  type CompiledTargetNetwork,
} from './compile.js';
export { clientVpnEgress, type ClientVpnCode, type ClientVpnDecision } from './egress.js';
export { ClientVpnNat, clientVpnReturn, type ClientVpnReturn } from './nat.js';
export { clientByTunnelIp, clientToClientDelivery, type ClientToClientDelivery } from './local-delivery.js';
