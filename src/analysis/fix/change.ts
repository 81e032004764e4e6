/**
 * A fix: one change to the network, in the model's own terms (so it can be applied and re-traced) and as the
 * sentence a network engineer would type into the console ("add inbound rule TCP 443 from 10.1.1.10/32 to
 * security group app").
 */
import type { NetworkAclRule, Route, SecurityGroupRule } from '../../model/network.js';

export type FixChange =
  | { readonly kind: 'add-route'; readonly routeTable: string; readonly route: Route }
  | {
      readonly kind: 'add-security-group-rule';
      readonly group: string;
      readonly direction: 'inbound' | 'outbound';
      readonly rule: SecurityGroupRule;
    }
  | {
      readonly kind: 'add-network-acl-rule';
      readonly networkAcl: string;
      readonly direction: 'inbound' | 'outbound';
      readonly rule: NetworkAclRule;
    }
  | { readonly kind: 'disable-source-dest-check'; readonly networkInterface: string }
  | { readonly kind: 'enable-ip-forwarding'; readonly instance: string };

/** A suggested change, as the trace result carries it (JSON contract: additive field `fixes`). */
export interface FixSuggestion {
  readonly kind: FixChange['kind'];
  /** The resource to change (route table, security group, network ACL, network interface, instance). */
  readonly resource: string;
  /** The change as one sentence. */
  readonly change: string;
  /** Which leg was dropped where this change applies. */
  readonly path: 'forward' | 'return';
  /** The explanation code of the drop it answers. */
  readonly answers: string;
  /** Semantics ID of the rule the change satisfies. */
  readonly ref: string;
  /** What the resource has today, when that helps (the group's rules in that direction…). */
  readonly has?: readonly string[] | undefined;
}
