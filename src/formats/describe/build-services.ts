/**
 * Network Firewall and Client VPN describe outputs → model/firewall.ts and model/clientvpn.ts.
 *
 * Model: `aws network-firewall describe-firewall` (merged by index.ts into one `Firewall` record with its
 * `FirewallStatus`), `describe-firewall-policy` (`FirewallPolicy` + `FirewallPolicyResponse`) and `describe-rule-group`
 * (`RuleGroup` + `RuleGroupResponse`): the firewall's endpoints are the `vpce-…` ids of `FirewallStatus.SyncStates`
 * (NFW-1), policies and rule groups are named by their names (ARNs map to names), and their content goes through the
 * shared NFW API reader. `describe-client-vpn-endpoints`, `…-target-networks`, `…-routes` (which already lists the
 * routes associations added, CVPN-2) and `…-authorization-rules` build Client VPN endpoints; deleted / disassociated
 * / revoked items are left out. Anything unreadable is a diagnostic, never a throw.
 */
import { warning, type Diagnostic } from '../../diag/diagnostic.js';
import type { ClientVpnEndpoint } from '../../model/clientvpn.js';
import type { Firewall, FirewallEndpoint, FirewallPolicy, RuleGroup } from '../../model/firewall.js';
import type { MutableNetwork, RouteTargetKind } from '../../model/network.js';
import { firewallPolicyFromApi, ruleGroupFromApi } from '../suricata/index.js';
import type { DescribeRecord } from './build.js';
import { bool, num, obj, objs, str, strs, type JsonObject } from './json-source.js';

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/** `arn:aws:network-firewall:…:firewall-policy/NAME` → NAME; anything else as written. */
function nameOfArn(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^arn:[^:]+:network-firewall:[^:]*:[^:]*:[a-z-]+\/(.+)$/.exec(v);
  return m ? m[1] : v;
}

/** Firewalls, policies and rule groups; returns the endpoint ids so routes to them are firewall endpoints. */
export function buildFirewalls(
  recs: (key: string) => readonly DescribeRecord[],
  net: MutableNetwork,
  diags: Diagnostic[],
  endpointKinds: Map<string, RouteTargetKind>,
): void {
  for (const r of recs('Firewall')) {
    const name = str(r.item, 'FirewallName');
    const vpc = str(r.item, 'VpcId');
    if (!name || !vpc) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a Firewall entry has no FirewallName/VpcId; skipped',
          r.src.keyPosition('Firewall'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('FirewallName', name);
    const sync = obj(obj(r.item, 'FirewallStatus'), 'SyncStates');
    const endpoints: FirewallEndpoint[] = [];
    for (const st of Object.values(sync ?? {})) {
      const att = obj(st as JsonObject, 'Attachment');
      const id = str(att, 'EndpointId');
      const subnet = str(att, 'SubnetId');
      if (!id || !subnet) continue;
      endpoints.push({ id, subnet, span: r.src.positionOf('EndpointId', id) });
      endpointKinds.set(id, 'firewall-endpoint');
    }
    if (endpoints.length === 0)
      diags.push(
        warning(
          'DESCRIBE_FIREWALL_NO_ENDPOINTS',
          `firewall ${name}: no FirewallStatus.SyncStates with endpoint ids (use describe-firewall, not list-firewalls); routes to its endpoints cannot be resolved`,
          span,
          { resource: name },
        ),
      );
    const fw: Mut<Firewall> = {
      id: name,
      span,
      vpc,
      policy: nameOfArn(r.item['FirewallPolicyArn']) ?? '',
      endpoints,
    };
    net.firewalls.push(fw);
  }
  for (const r of recs('FirewallPolicy')) {
    const resp = obj(r.item, 'FirewallPolicyResponse');
    const name = str(resp, 'FirewallPolicyName') ?? nameOfArn(resp?.['FirewallPolicyArn']);
    if (!name) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a FirewallPolicy without FirewallPolicyResponse.FirewallPolicyName; skipped',
          r.src.keyPosition('FirewallPolicy'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('FirewallPolicyName', name);
    const res = firewallPolicyFromApi(obj(r.item, 'FirewallPolicy') ?? {}, {
      span,
      resource: name,
      resolveRef: nameOfArn,
    });
    diags.push(...res.diagnostics);
    const p: FirewallPolicy = { id: name, ...res.parts, span };
    net.firewallPolicies.push(p);
  }
  for (const r of recs('RuleGroup')) {
    const resp = obj(r.item, 'RuleGroupResponse');
    const name = str(resp, 'RuleGroupName') ?? nameOfArn(resp?.['RuleGroupArn']);
    if (!name) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a RuleGroup without RuleGroupResponse.RuleGroupName; skipped',
          r.src.keyPosition('RuleGroup'),
        ),
      );
      continue;
    }
    const span = r.src.positionOf('RuleGroupName', name);
    const res = ruleGroupFromApi(obj(r.item, 'RuleGroup') ?? {}, { span, resource: name });
    diags.push(...res.diagnostics);
    const g: RuleGroup = {
      id: name,
      span,
      type: str(resp, 'Type') === 'STATELESS' ? 'STATELESS' : 'STATEFUL',
      ...(num(resp, 'Capacity') !== undefined ? { capacity: num(resp, 'Capacity') } : {}),
      ...res.parts,
    };
    net.ruleGroups.push(g);
  }
}

const statusOf = (o: JsonObject): string => str(obj(o, 'Status'), 'Code') ?? 'available';

/** Client VPN endpoints with their target networks, routes and authorization rules. */
export function buildClientVpn(
  recs: (key: string) => readonly DescribeRecord[],
  net: MutableNetwork,
  diags: Diagnostic[],
): void {
  const eps = new Map<string, Mut<ClientVpnEndpoint>>();
  for (const r of recs('ClientVpnEndpoints')) {
    const id = str(r.item, 'ClientVpnEndpointId');
    const vpc = str(r.item, 'VpcId');
    if (!id || !vpc) {
      diags.push(
        warning(
          'DESCRIBE_MISSING_FIELD',
          'a ClientVpnEndpoints entry has no ClientVpnEndpointId/VpcId; skipped',
          r.src.keyPosition('ClientVpnEndpoints'),
        ),
      );
      continue;
    }
    if (['deleted', 'deleting'].includes(statusOf(r.item))) continue;
    const auth = str(objs(r.item, 'AuthenticationOptions')[0], 'Type') ?? 'certificate-authentication';
    const transport = str(r.item, 'TransportProtocol');
    const e: Mut<ClientVpnEndpoint> = {
      id,
      name: str(r.item, 'Description') || undefined,
      span: r.src.positionOf('ClientVpnEndpointId', id),
      vpc,
      clientCidr: str(r.item, 'ClientCidrBlock') ?? '',
      authentication: auth.startsWith('directory')
        ? 'active-directory'
        : auth.startsWith('federated')
          ? 'saml'
          : 'certificate',
      splitTunnel: bool(r.item, 'SplitTunnel') === true,
      ...(transport === 'tcp' || transport === 'udp' ? { transport } : {}),
      ...(num(r.item, 'VpnPort') !== undefined ? { vpnPort: num(r.item, 'VpnPort') } : {}),
      securityGroups: strs(r.item, 'SecurityGroupIds'),
      targetNetworks: [],
      authorizationRules: [],
      routes: [],
    };
    eps.set(id, e);
  }
  const foreign = new Set<string>();
  const owner = (r: DescribeRecord, key: string): Mut<ClientVpnEndpoint> | undefined => {
    const id = str(r.item, 'ClientVpnEndpointId');
    if (!id) {
      // `Routes` / `AuthorizationRules` are generic keys (search-transit-gateway-routes prints `Routes` too).
      const k = `${r.src.file}|${key}`;
      if (!foreign.has(k)) {
        foreign.add(k);
        diags.push(
          warning(
            'DESCRIBE_UNKNOWN_SHAPE',
            `${key} entries without ClientVpnEndpointId are not Client VPN output; not modelled`,
            r.src.keyPosition(key),
          ),
        );
      }
      return undefined;
    }
    const e = eps.get(id);
    if (!e)
      diags.push(
        warning(
          'DESCRIBE_REFERENCE_UNRESOLVED',
          `${key}: Client VPN endpoint ${id} is not in the ClientVpnEndpoints output; entry skipped`,
          r.src.keyPosition(key),
        ),
      );
    return e;
  };
  for (const r of recs('ClientVpnTargetNetworks')) {
    if (['disassociated', 'disassociating', 'association-failed'].includes(statusOf(r.item))) continue;
    const e = owner(r, 'ClientVpnTargetNetworks');
    const subnet = str(r.item, 'TargetNetworkId');
    const id = str(r.item, 'AssociationId') ?? `${e?.id ?? ''}:${subnet ?? ''}`;
    if (!e || !subnet) continue;
    e.targetNetworks = [...e.targetNetworks, { id, subnet, span: r.src.positionOf('AssociationId', id) }];
  }
  for (const r of recs('Routes')) {
    if (['deleting', 'failed'].includes(statusOf(r.item))) continue;
    const e = owner(r, 'Routes');
    const dest = str(r.item, 'DestinationCidr');
    const target = str(r.item, 'TargetSubnet');
    if (!e || !dest || !target) continue;
    e.routes = [
      ...e.routes,
      { destination: dest, targetSubnet: target, span: r.src.positionOf('DestinationCidr', dest) },
    ];
  }
  for (const r of recs('AuthorizationRules')) {
    if (['revoking', 'failed'].includes(statusOf(r.item))) continue;
    const e = owner(r, 'AuthorizationRules');
    const dest = str(r.item, 'DestinationCidr');
    if (!e || !dest) continue;
    const group = bool(r.item, 'AccessAll') === true ? undefined : str(r.item, 'GroupId') || undefined;
    const description = str(r.item, 'Description') || undefined;
    e.authorizationRules = [
      ...e.authorizationRules,
      {
        destination: dest,
        ...(group ? { group } : {}),
        ...(description ? { description } : {}),
        span: r.src.positionOf('DestinationCidr', dest),
      },
    ];
  }
  for (const e of eps.values()) {
    if (e.targetNetworks.length > 0) e.assumed = ['targetNetworks.eniIp'];
    net.clientVpnEndpoints.push(e);
  }
}
