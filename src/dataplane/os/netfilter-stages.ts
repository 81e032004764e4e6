/**
 * The netfilter stages of the instance's path: destination NAT (PREROUTING / OUTPUT) and source NAT (POSTROUTING /
 * nat INPUT) for the first packet of a connection — later packets and replies translated by conntrack from the
 * connection's bindings without the nat table (NATI-5) — and the filter chains (INPUT, FORWARD, OUTPUT).
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import type { CompiledChain } from './types.js';
import { invertTuple, isIcmpProto, type CtEntry } from './conntrack.js';
import { chooseNat, type NatRange } from './nat.js';
import { evalChain } from './netfilter.js';
import { addDepends, addNote, ctx, currentTuple, hop, setDst, setSrc, type Walk } from './walk.js';

/**
 * A packet of an established connection: conntrack rewrites its destination (or source) to what the connection's
 * tuples say — the original direction like the first packet, the reply translated back — without consulting the
 * nat table (NATI-5). Adds a hop when the packet changed.
 */
function conntrackTranslate(w: Walk, e: CtEntry, which: 'source' | 'destination'): void {
  const before = w.p;
  const target = w.dir === 'original' ? currentTuple(e) : invertTuple(e.orig);
  w.p = which === 'destination' ? setDst(w.p, target) : setSrc(w.p, target);
  if (w.p === before) return;
  // The rule that set up this direction's translation: in the reply, the other side's.
  const ownRule = which === 'destination' ? e.dstNatRule : e.srcNatRule;
  const otherRule = which === 'destination' ? e.srcNatRule : e.dstNatRule;
  const rule = w.dir === 'original' ? ownRule : otherRule;
  hop(w, 'netfilter', 'translate', rule ?? 'conntrack', before, {
    detail:
      w.dir === 'reply'
        ? `reply: ${which} translated back by conntrack (the nat table is not consulted for it)`
        : 'later packet of the connection: translated by conntrack like the first one',
    refs: ['NATI-5'],
  });
}

/** Destination-NAT stage (PREROUTING / OUTPUT). Returns false when the packet was dropped. */
export function dnatStage(w: Walk, chainName: 'PREROUTING' | 'OUTPUT', inIf: number): void {
  const e = w.entry;
  if (!e) return;
  const before = w.p;
  if (!w.isNew) {
    conntrackTranslate(w, e, 'destination');
    return;
  }
  const chain = w.os.chains.nat.get(chainName);
  if (!chain) return;
  const r = evalChain(chain, w.p, ctx(w, inIf, -1));
  addDepends(w, r.dependsOn);
  const v = r.verdict;
  if (v.kind !== 'rule') return; // null binding: nothing changes
  const t = v.target;
  if (t.kind === 'ACCEPT') {
    hop(w, 'netfilter', 'allow', v.rule.text, before, {
      detail: 'nat rule ACCEPT: no destination translation for this connection',
      unsupported: v.rule.unsupported,
    });
    return;
  }
  let range: NatRange;
  if (t.kind === 'DNAT') {
    range = t.keepAddress
      ? { lo: w.p.dst, hi: w.p.dst, ports: t.ports }
      : { lo: t.lo, hi: t.hi, ports: t.ports };
  } else if (t.kind === 'REDIRECT') {
    // to the primary address of the receiving interface; 127.0.0.1 (::1) for locally generated packets
    const a = inIf >= 0 ? w.os.ifaces[inIf]?.addresses[0] : w.os.family === 6 ? 1n : 0x7f000001;
    if (a === undefined) return;
    range = { lo: a, hi: a, ports: t.ports };
  } else return;
  const choice = chooseNat(currentTuple(e), range, 'dst', (c) => w.ct.taken(invertTuple(c)));
  e.reply = invertTuple(choice.tuple);
  e.dstNatRule = v.rule.text;
  w.p = setDst(w.p, choice.tuple);
  if (choice.representative) addNote(w, `${w.os.hostId}: ${choice.representative}`);
  hop(w, 'netfilter', 'translate', v.rule.text, before, {
    detail: `${t.kind}: destination of a new connection translated`,
    refs: ['NATI-5'],
    unsupported: v.rule.unsupported,
    ...(v.rule.unsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
  });
}

/** Source-NAT stage (POSTROUTING / nat INPUT). */
export function snatStage(w: Walk, chainName: 'POSTROUTING' | 'INPUT', inIf: number, outIf: number): void {
  const e = w.entry;
  if (!e) return;
  const before = w.p;
  if (!w.isNew) {
    conntrackTranslate(w, e, 'source');
    return;
  }
  const chain = w.os.chains.nat.get(chainName);
  let range: NatRange | undefined;
  let ruleText: string | undefined;
  let unsupported: readonly string[] | undefined;
  let kind = '';
  if (chain) {
    const r = evalChain(chain, w.p, ctx(w, inIf, outIf));
    addDepends(w, r.dependsOn);
    const v = r.verdict;
    if (v.kind === 'rule') {
      const t = v.target;
      ruleText = v.rule.text;
      unsupported = v.rule.unsupported;
      kind = t.kind;
      if (t.kind === 'SNAT') range = { lo: t.lo, hi: t.hi, ports: t.ports };
      else if (t.kind === 'MASQUERADE') {
        // the primary address of the outgoing interface (inet_select_addr skips secondary addresses)
        const addrs = w.os.ifaces[outIf]?.addresses ?? [];
        const a = addrs[0];
        if (a !== undefined) range = { lo: a, hi: a, ports: t.ports };
        if (w.os.family === 6 && addrs.length > 1)
          addNote(
            w,
            `${w.os.hostId}: MASQUERADE for IPv6 takes the source address the kernel selects (RFC 6724) among ${addrs.length} addresses of the interface; vpcsim shows the first listed, ${formatAddr(addrs[0] as Addr)}`,
          );
      } else if (t.kind === 'ACCEPT') {
        hop(w, 'netfilter', 'allow', v.rule.text, before, {
          detail: 'nat rule ACCEPT: no source translation for this connection',
          unsupported,
        });
      }
    }
  }
  // without a nat table the kernel does no NAT at all (no null binding)
  if (!chain) return;
  // null binding: the source stays, unless that tuple is already used by another connection
  const nullRange: NatRange = { lo: w.p.src, hi: w.p.src };
  const choice = chooseNat(currentTuple(e), range ?? nullRange, 'src', (c) => w.ct.taken(invertTuple(c)));
  e.reply = invertTuple(choice.tuple);
  w.p = setSrc(w.p, choice.tuple);
  if (choice.representative && (range || w.p !== before))
    addNote(w, `${w.os.hostId}: ${choice.representative}`);
  if (range && ruleText !== undefined) {
    e.srcNatRule = ruleText;
    hop(w, 'netfilter', 'translate', ruleText, before, {
      detail:
        w.p === before
          ? `${kind}: the source is already in the translation range and its port is free, so nothing changes`
          : `${kind}: source of a new connection translated${kind === 'MASQUERADE' ? ' to the primary address of the outgoing interface' : ''}${choice.tuple.sport === before.srcPort && (before.proto === 6 || before.proto === 17 || isIcmpProto(before.proto)) ? ` (${isIcmpProto(before.proto) ? 'ICMP echo id' : 'source port'} kept: it is free)` : ''}`,
      refs: ['NATI-3', 'NATI-5'],
      unsupported,
      ...(unsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
    });
  } else if (w.p !== before) {
    hop(w, 'netfilter', 'translate', 'conntrack', before, {
      detail: 'source port remapped: the tuple was already used by another connection',
    });
  }
}

/** Evaluate a filter chain; returns false when the packet is dropped (a drop hop was added). */
export function filterStage(
  w: Walk,
  chainName: 'INPUT' | 'FORWARD' | 'OUTPUT',
  inIf: number,
  outIf: number,
): boolean {
  const chain: CompiledChain | undefined = w.os.chains.filter.get(chainName);
  if (!chain) return true;
  const r = evalChain(chain, w.p, ctx(w, inIf, outIf));
  addDepends(w, r.dependsOn);
  const v = r.verdict;
  const unsupported = r.dependsOn.length > 0 ? r.dependsOn : undefined;
  if (v.kind === 'policy') {
    if (v.policy === 'DROP') {
      hop(w, 'netfilter', 'drop', v.chain.policyText, w.p, {
        code: 'IPTABLES_POLICY_DROP',
        detail: `no rule of filter ${chainName} accepted the packet and the chain's policy is DROP`,
        unsupported,
      });
      return false;
    }
    if (v.examined) {
      hop(w, 'netfilter', 'allow', v.chain.policyText, w.p, {
        detail: `no rule of filter ${chainName} matched; the policy accepts`,
        unsupported,
      });
    }
    return true;
  }
  const t = v.target;
  const deciderUnsupported = v.rule.unsupported !== undefined;
  if (t.kind === 'ACCEPT') {
    hop(w, 'netfilter', 'allow', v.rule.text, w.p, {
      unsupported,
      ...(deciderUnsupported ? { code: 'IPTABLES_UNSUPPORTED_RULE' } : {}),
    });
    return true;
  }
  if (t.kind === 'DROP' || t.kind === 'REJECT') {
    hop(w, 'netfilter', 'drop', v.rule.text, w.p, {
      code: deciderUnsupported
        ? 'IPTABLES_UNSUPPORTED_RULE'
        : t.kind === 'DROP'
          ? 'IPTABLES_RULE_DROP'
          : 'IPTABLES_RULE_REJECT',
      detail:
        t.kind === 'REJECT'
          ? `rejected: Linux answers the sender with ${t.with}`
          : `dropped by filter ${chainName}`,
      unsupported,
    });
    return false;
  }
  // NAT targets cannot appear in the filter table (the parser refuses them); treat as not deciding
  return true;
}
