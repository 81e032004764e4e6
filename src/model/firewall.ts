/**
 * AWS Network Firewall in vendor-independent form: firewalls, policies and rule groups (NFW-1…NFW-15).
 *
 * Suricata rule strings are parsed in `model/suricata/` into `SuricataRule`; the original text is kept for
 * display. Options vpcsim does not evaluate are listed in `unsupported` so that a verdict that depends on such a
 * rule says so.
 */
import type { Span } from '../diag/diagnostic.js';
import type { PortRange, Resource } from './network.js';

export interface FirewallEndpoint {
  /** Route-target id of the endpoint (e.g. `vpce-0abc…` or `<firewall>@<az>`). */
  readonly id: string;
  readonly subnet: string;
  /** Endpoint IP in the subnet (assumed if not given). */
  readonly ip?: string | undefined;
  readonly span?: Span | undefined;
}

export interface Firewall extends Resource {
  /** The VPC it is deployed in (NFW-1); absent for a firewall attached to a transit gateway (TGW-15). */
  readonly vpc?: string | undefined;
  readonly policy: string;
  /** One endpoint per firewall subnet (NFW-1); none for a transit-gateway-attached firewall. */
  readonly endpoints: readonly FirewallEndpoint[];
  /**
   * A transit-gateway-attached firewall (TGW-15): the gateway, and the AZs of its endpoints (AvailabilityZoneMappings,
   * AZ names). Traffic reaches it only through the gateway's route tables, as its network function attachment.
   */
  readonly transitGateway?: string | undefined;
  readonly availabilityZones?: readonly string[] | undefined;
}

export type StatelessAction = 'aws:pass' | 'aws:drop' | 'aws:forward_to_sfe';
export type StatefulDefaultAction =
  | 'aws:drop_strict'
  | 'aws:drop_established'
  | 'aws:drop_established_app_layer'
  | 'aws:alert_strict'
  | 'aws:alert_established'
  | 'aws:alert_established_app_layer';

export interface RuleGroupReference {
  readonly ruleGroup: string;
  /** Required for stateless groups and strict-order stateful groups. */
  readonly priority?: number | undefined;
  readonly span?: Span | undefined;
}

export interface FirewallPolicy extends Resource {
  readonly statelessRuleGroups: readonly RuleGroupReference[];
  /** NFW-7: default actions for full packets. First is the standard action; the rest are custom actions. */
  readonly statelessDefaultActions: readonly string[];
  readonly statelessFragmentDefaultActions: readonly string[];
  readonly statelessCustomActions?:
    readonly { readonly name: string; readonly dimension?: string }[] | undefined;
  readonly statefulRuleGroups: readonly RuleGroupReference[];
  /** NFW-9/NFW-10. */
  readonly ruleOrder: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER';
  readonly streamExceptionPolicy?: 'DROP' | 'CONTINUE' | 'REJECT' | undefined;
  /** NFW-11 (strict order only). */
  readonly statefulDefaultActions: readonly string[];
  /** Policy variables, e.g. HOME_NET (NFW-13). */
  readonly variables?: Readonly<Record<string, readonly string[]>> | undefined;
}

export interface StatelessRule {
  readonly priority: number;
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly sourcePorts: readonly PortRange[];
  readonly destinationPorts: readonly PortRange[];
  /** Protocol numbers; empty = all. */
  readonly protocols: readonly number[];
  readonly tcpFlags?:
    readonly { readonly flags: readonly string[]; readonly masks: readonly string[] }[] | undefined;
  /** Standard action first, then custom action names. */
  readonly actions: readonly string[];
  readonly span?: Span | undefined;
}

/** A 5-tuple stateful rule as the NFW console writes it. */
export interface StatefulRule5Tuple {
  readonly action: 'PASS' | 'DROP' | 'REJECT' | 'ALERT';
  readonly protocol: string;
  readonly source: string;
  readonly sourcePort: string;
  readonly direction: 'FORWARD' | 'ANY';
  readonly destination: string;
  readonly destinationPort: string;
  readonly sid?: number | undefined;
  /** Further Suricata options as the API's `RuleOptions` ({Keyword, Settings}); `sid` may also be given here. */
  readonly options?:
    readonly { readonly keyword: string; readonly settings?: readonly string[] }[] | undefined;
  readonly span?: Span | undefined;
}

/** A Suricata-compatible rule, parsed (model/suricata). */
export interface SuricataRule {
  readonly action: 'pass' | 'drop' | 'reject' | 'alert';
  /** ip, tcp, udp, icmp, tls, http, dns … */
  readonly protocol: string;
  readonly source: string;
  readonly sourcePort: string;
  readonly direction: '->' | '<>';
  readonly destination: string;
  readonly destinationPort: string;
  /** Options in order: keyword and raw value (undefined for flag options such as `nocase`). */
  readonly options: readonly { readonly keyword: string; readonly value?: string | undefined }[];
  readonly sid?: number | undefined;
  readonly text: string;
  /** Keywords vpcsim does not evaluate. */
  readonly unsupported?: readonly string[] | undefined;
  readonly span?: Span | undefined;
}

export interface DomainList {
  readonly targets: readonly string[];
  readonly targetTypes: readonly ('TLS_SNI' | 'HTTP_HOST')[];
  readonly generatedRulesType: 'ALLOWLIST' | 'DENYLIST' | 'REJECTLIST' | 'ALERTLIST';
}

export interface RuleGroup extends Resource {
  readonly type: 'STATELESS' | 'STATEFUL';
  readonly capacity?: number | undefined;
  readonly ruleOrder?: 'DEFAULT_ACTION_ORDER' | 'STRICT_ORDER' | undefined;
  readonly variables?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly portVariables?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly statelessRules?: readonly StatelessRule[] | undefined;
  readonly statefulRules?: readonly StatefulRule5Tuple[] | undefined;
  readonly suricataRules?: readonly SuricataRule[] | undefined;
  readonly domainList?: DomainList | undefined;
}
