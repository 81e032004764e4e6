/**
 * NAT binding selection — the kernel's get_unique_tuple (net/netfilter/nf_nat_core.c), for one manipulation
 * (source or destination) of a new connection.
 *
 * Model, as the kernel does it:
 *  - source NAT keeps the packet's address and port untouched when they are already inside the range and the
 *    resulting tuple is not used by another connection ("SNAT keeps the source port when it is free");
 *  - a single-address range maps to that address; a multi-address range is chosen by a hash of the addresses in
 *    the kernel — vpcsim takes the first address and says the choice is one of the range;
 *  - ports: kept when no port range is given and the tuple is free (a destination manipulation never changes the
 *    port without a range); kept when inside a given range and free (or the range is a single port); otherwise a
 *    free port of the range is chosen — the first one for destination NAT (the kernel starts at the range's
 *    low end), a random one for source NAT (vpcsim shows the first free one and says it is representative).
 *    Without a given range, a clashing source port is remapped within its class: 1–511, 600–1023 or 1024–65535.
 * Pure: `taken` answers whether a candidate original-direction tuple's reply is already tracked.
 */
import { formatAddr, type Addr } from '../../net/addr.js';
import { isIcmpProto, type Tuple } from './conntrack.js';

/** An address range of one family (IPv4 uint32 or IPv6 bigint) and optional ports. */
export interface NatRange {
  readonly lo: Addr;
  readonly hi: Addr;
  readonly ports?: readonly [number, number] | undefined;
}

export interface NatChoice {
  readonly tuple: Tuple;
  /** Set when the address or port was picked by the kernel from several possibilities (hash or random). */
  readonly representative?: string | undefined;
}

function withSrc(t: Tuple, addr: Addr, port: number): Tuple {
  return { proto: t.proto, src: addr, dst: t.dst, sport: port, dport: t.dport };
}
function withDst(t: Tuple, addr: Addr, port: number): Tuple {
  // ICMP/ICMPv6: the echo id lives in `sport` for both manipulations
  if (isIcmpProto(t.proto)) return { proto: t.proto, src: t.src, dst: addr, sport: port, dport: t.dport };
  return { proto: t.proto, src: t.src, dst: addr, sport: t.sport, dport: port };
}

/**
 * Choose the translated tuple for a manipulation of `cur` (the connection's original-direction tuple as it is
 * now). `taken(candidate)` must say whether the candidate's reply tuple is already in use.
 */
export function chooseNat(
  cur: Tuple,
  range: NatRange,
  manip: 'src' | 'dst',
  taken: (t: Tuple) => boolean,
): NatChoice {
  const hasPorts = cur.proto === 6 || cur.proto === 17 || cur.proto === 132;
  const isIcmp = isIcmpProto(cur.proto);
  const curAddr = manip === 'src' ? cur.src : cur.dst;
  // the "port" being manipulated: ICMP echo id for both directions
  const curPort = isIcmp ? cur.sport : manip === 'src' ? cur.sport : cur.dport;
  const make = manip === 'src' ? withSrc : withDst;
  const given = hasPorts ? range.ports : undefined;
  const inPortRange = given === undefined || (curPort >= given[0] && curPort <= given[1]);

  // 1) source NAT: already in range and unique → no change
  if (manip === 'src' && curAddr >= range.lo && curAddr <= range.hi && inPortRange && !taken(cur))
    return { tuple: cur };

  // 2) the address
  const addr = range.lo;
  let representative: string | undefined;
  if (range.hi !== range.lo) {
    representative = `address chosen by the kernel (hash of the connection's addresses) from ${formatAddr(range.lo)}–${formatAddr(range.hi)}`;
  }
  let t = make(cur, addr, curPort);

  // 3) the port (or ICMP id)
  if (!hasPorts && !isIcmp) return { tuple: t, representative };
  if (given !== undefined) {
    const [lo, hi] = given;
    if (curPort >= lo && curPort <= hi && (lo === hi || !taken(t))) return { tuple: t, representative };
  } else {
    if (manip === 'dst' && !isIcmp) return { tuple: t, representative };
    if (!taken(t)) return { tuple: t, representative };
  }
  let lo: number;
  let hi: number;
  if (given !== undefined) [lo, hi] = given;
  else if (isIcmp) [lo, hi] = [0, 65535];
  else if (curPort < 512) [lo, hi] = [1, 511];
  else if (curPort < 1024) [lo, hi] = [600, 1023];
  else [lo, hi] = [1024, 65535];
  for (let port = lo; port <= hi; port++) {
    const c = make(cur, addr, port);
    if (!taken(c)) {
      t = c;
      break;
    }
  }
  if (manip === 'src' || isIcmp) {
    const what = isIcmp ? 'ICMP id' : 'port';
    const extra = `${what} chosen by the kernel at random from ${lo}–${hi}`;
    representative = representative ? `${representative}; ${extra}` : extra;
  }
  return { tuple: t, representative };
}
