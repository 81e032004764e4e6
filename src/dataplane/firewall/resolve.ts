/**
 * Resolve Suricata address/port specs with rule variables into address sets (both families) and port sets (NFW-13).
 *
 * Model: a variable scope maps names (without `$`) to definitions — lists of spec strings such as CIDRs, which may
 * themselves be negated or refer to other variables. A list is "union of its positive items (or everything when
 * there are none) minus the union of its negated items", as in Suricata. An address set holds IPv4 and IPv6
 * addresses side by side (`AddrSet`): `any` and negations cover both families, a CIDR only its own (V6-12). Unknown variables and reference cycles resolve to the empty set and are reported once per
 * name through `onProblem`; resolution never throws.
 */
import {
  parseAddressSpec,
  parsePortSpec,
  type AddrNode,
  type PortNode,
} from '../../model/suricata/address.js';
import { AddrSet } from '../../net/addr-set.js';
import { prefix6 } from '../../net/prefix.js';
import { MAX_PORT, RangeSet } from '../../net/range-set.js';
import { own } from '../../model/name-table.js';

export interface VariableScope {
  /** IP set variables by name. */
  readonly ip: Readonly<Record<string, readonly string[]>>;
  /** Port set variables by name. */
  readonly port: Readonly<Record<string, readonly string[]>>;
}

export type ProblemSink = (message: string) => void;

interface SetOps<S> {
  union(o: S): S;
  minus(o: S): S;
}

function listOf<T extends { kind: string }, S extends SetOps<S>>(
  items: readonly T[],
  one: (n: T) => S,
  empty: S,
  all: () => S,
  isNot: (n: T) => T | undefined,
): S {
  let pos: S | undefined;
  let neg = empty;
  for (const it of items) {
    const inner = isNot(it);
    if (inner) neg = neg.union(one(inner));
    else pos = pos ? pos.union(one(it)) : one(it);
  }
  return (pos ?? all()).minus(neg);
}

/** Address spec → set of addresses of both families. */
export function resolveAddress(
  node: AddrNode,
  scope: VariableScope,
  onProblem: ProblemSink,
  stack: string[] = [],
): AddrSet {
  switch (node.kind) {
    case 'any':
      return AddrSet.all();
    case 'cidr':
      return AddrSet.ofPrefixes([{ family: 4, base: node.base, len: node.len }]);
    case 'ipv6':
      return AddrSet.ofPrefixes([prefix6(node.base, node.len)]);
    case 'not':
      return resolveAddress(node.inner, scope, onProblem, stack).complement();
    case 'list':
      return listOf(
        node.items,
        (n) => resolveAddress(n, scope, onProblem, stack),
        AddrSet.empty(),
        () => AddrSet.all(),
        (n) => (n.kind === 'not' ? n.inner : undefined),
      );
    case 'var': {
      if (stack.includes(node.name)) {
        onProblem(
          `variable $${node.name} refers to itself (${[...stack, node.name].map((s) => `$${s}`).join(' → ')})`,
        );
        return AddrSet.empty();
      }
      // Variable names come from the rules: `$constructor` is undefined, not Object (issue 21 item 4).
      const def = own(scope.ip, node.name);
      if (def === undefined) {
        onProblem(
          own(scope.port, node.name) !== undefined
            ? `variable $${node.name} is a port variable used as an address`
            : `variable $${node.name} is not defined (IP sets of the rule group or the policy)`,
        );
        return AddrSet.empty();
      }
      // A definition entry that does not parse contributes nothing (`!any` is the empty set).
      const parts = def.map((d): AddrNode => {
        const r = parseAddressSpec(d);
        if (!r.ok) {
          onProblem(`variable $${node.name}: "${d}" — ${r.message}`);
          return { kind: 'not', inner: { kind: 'any' } };
        }
        return r.node;
      });
      if (parts.length === 0) return AddrSet.empty();
      return resolveAddress({ kind: 'list', items: parts }, scope, onProblem, [...stack, node.name]);
    }
  }
}

/** Port spec → set of ports. */
export function resolvePort(
  node: PortNode,
  scope: VariableScope,
  onProblem: ProblemSink,
  stack: string[] = [],
): RangeSet {
  switch (node.kind) {
    case 'any':
      return RangeSet.all(MAX_PORT);
    case 'range':
      return RangeSet.of([[node.from, node.to]], MAX_PORT);
    case 'not':
      return resolvePort(node.inner, scope, onProblem, stack).complement();
    case 'list':
      return listOf(
        node.items,
        (n) => resolvePort(n, scope, onProblem, stack),
        RangeSet.empty(MAX_PORT),
        () => RangeSet.all(MAX_PORT),
        (n) => (n.kind === 'not' ? n.inner : undefined),
      );
    case 'var': {
      if (stack.includes(node.name)) {
        onProblem(`port variable $${node.name} refers to itself`);
        return RangeSet.empty(MAX_PORT);
      }
      const def = own(scope.port, node.name);
      if (def === undefined) {
        onProblem(`port variable $${node.name} is not defined (port sets of the rule group)`);
        return RangeSet.empty(MAX_PORT);
      }
      const parts = def.map((d): PortNode => {
        const r = parsePortSpec(d);
        if (!r.ok) {
          onProblem(`port variable $${node.name}: "${d}" — ${r.message}`);
          return { kind: 'not', inner: { kind: 'any' } };
        }
        return r.node;
      });
      if (parts.length === 0) return RangeSet.empty(MAX_PORT);
      return resolvePort({ kind: 'list', items: parts }, scope, onProblem, [...stack, node.name]);
    }
  }
}
