/**
 * chooseNat — the kernel's get_unique_tuple for one manipulation. Expected values follow nf_nat_core.c:
 * source NAT keeps an in-range, unused tuple; destination NAT never changes a port without a range and takes the
 * first free port of a range; clashing source ports are remapped within their class.
 */
import { describe, expect, it } from 'vitest';
import { chooseNat } from './nat.js';
import { invertTuple, tupleKey, type Tuple } from './conntrack.js';

const T = (src: number, sport: number, dst: number, dport: number, proto = 17): Tuple => ({
  proto,
  src,
  dst,
  sport,
  dport,
});
const none = (): boolean => false;
const takenBy = (...ts: Tuple[]) => {
  const keys = new Set(ts.map((t) => tupleKey(invertTuple(t))));
  return (c: Tuple): boolean => keys.has(tupleKey(invertTuple(c)));
};

describe('chooseNat', () => {
  it('SNAT to one address keeps a free source port', () => {
    expect(chooseNat(T(1, 40000, 9, 53), { lo: 5, hi: 5 }, 'src', none)).toEqual({
      tuple: T(5, 40000, 9, 53),
    });
  });
  it('SNAT: a taken port moves within its class (≥1024 → 1024–65535), representative noted', () => {
    const c = chooseNat(T(1, 40000, 9, 53), { lo: 5, hi: 5 }, 'src', takenBy(T(5, 40000, 9, 53)));
    expect(c.tuple).toEqual(T(5, 1024, 9, 53));
    expect(c.representative).toBe('port chosen by the kernel at random from 1024–65535');
  });
  it('SNAT: low ports stay low (600–1023 class)', () => {
    const c = chooseNat(T(1, 700, 9, 53), { lo: 5, hi: 5 }, 'src', takenBy(T(5, 700, 9, 53)));
    expect(c.tuple.sport).toBe(600);
  });
  it('SNAT with a port range: a port inside it is kept, one outside it is moved into it', () => {
    expect(
      chooseNat(T(1, 30005, 9, 53), { lo: 5, hi: 5, ports: [30000, 30009] }, 'src', none).tuple.sport,
    ).toBe(30005);
    const c = chooseNat(T(1, 40000, 9, 53), { lo: 5, hi: 5, ports: [30000, 30009] }, 'src', none);
    expect(c.tuple.sport).toBe(30000);
    expect(c.representative).toContain('30000–30009');
  });
  it('SNAT: a source already in the range and free is left alone', () => {
    expect(chooseNat(T(6, 1234, 9, 53), { lo: 5, hi: 7 }, 'src', none)).toEqual({ tuple: T(6, 1234, 9, 53) });
  });
  it('DNAT without a port keeps the destination port; with a range takes the first port of it', () => {
    expect(chooseNat(T(1, 40000, 9, 80), { lo: 7, hi: 7 }, 'dst', none).tuple).toEqual(T(1, 40000, 7, 80));
    const c = chooseNat(T(1, 40000, 9, 80), { lo: 7, hi: 7, ports: [8080, 8090] }, 'dst', none);
    expect(c.tuple).toEqual(T(1, 40000, 7, 8080));
    expect(c.representative).toBeUndefined(); // the kernel starts at the low end for destination NAT
  });
  it('ICMP: the echo id is the "port" and only changes on a clash', () => {
    const echo = T(1, 9, 9, 8, 1);
    expect(chooseNat(echo, { lo: 5, hi: 5 }, 'src', none).tuple).toEqual(T(5, 9, 9, 8, 1));
    expect(chooseNat(echo, { lo: 5, hi: 5 }, 'src', takenBy(T(5, 9, 9, 8, 1))).tuple.sport).toBe(0);
  });
});
