/**
 * `Fn::Cidr [ipBlock, count, cidrBits]` exactly as CloudFormation computes it.
 *
 * AWS template reference (intrinsic-function-reference-cidr): `cidrBits` is the number of *subnet bits* in the
 * sense of host bits of each new block — the new prefix length is 32 − cidrBits (IPv4) or 128 − cidrBits (IPv6);
 * `count` is 1…256; the blocks are consecutive from the start of `ipBlock`. AWS's own example:
 * `!Cidr ["192.168.0.0/24", 6, 5]` → 192.168.0.0/27, .32/27, .64/27, .96/27, .128/27, .160/27.
 * (`cfn-resolver-lib` reads cidrBits as a prefix length and gets this wrong.)
 * Bad input (unparsable block, count out of range, blocks that do not fit) returns an error message; never throws.
 */
import { formatIpv4 } from '../../net/ipv4.js';
import { formatIpv6 } from '../../net/ipv6.js';
import { parseCidr } from '../../net/prefix.js';

export type CidrResult =
  { readonly ok: true; readonly value: string[] } | { readonly ok: false; readonly message: string };

function toInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^[0-9]+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Compute Fn::Cidr. `fnCidr("192.168.0.0/24", 6, 5)` → six /27 blocks starting at 192.168.0.0. */
export function fnCidr(ipBlock: unknown, count: unknown, cidrBits: unknown): CidrResult {
  if (typeof ipBlock !== 'string') return { ok: false, message: 'Fn::Cidr ipBlock must be a CIDR string' };
  const parsed = parseCidr(ipBlock.trim());
  if (!parsed.ok)
    return { ok: false, message: `Fn::Cidr ipBlock "${ipBlock}" is not a CIDR block: ${parsed.message}` };
  const n = toInt(count);
  if (n === undefined || n < 1 || n > 256)
    return { ok: false, message: `Fn::Cidr count must be 1..256, got ${String(count)}` };
  const bits = toInt(cidrBits);
  const p = parsed.value.prefix;
  const width = p.family === 4 ? 32 : 128;
  if (bits === undefined || bits < 0 || bits > width) {
    return { ok: false, message: `Fn::Cidr cidrBits must be 0..${width}, got ${String(cidrBits)}` };
  }
  const newLen = width - bits;
  if (newLen < p.len) {
    return {
      ok: false,
      message: `Fn::Cidr cidrBits ${bits} gives /${newLen} blocks, larger than the ipBlock /${p.len}`,
    };
  }
  const available = 2n ** BigInt(newLen - p.len);
  if (BigInt(n) > available) {
    return {
      ok: false,
      message: `Fn::Cidr cannot fit ${n} /${newLen} blocks in ${ipBlock} (only ${available})`,
    };
  }
  const out: string[] = [];
  if (p.family === 4) {
    const step = 2 ** bits;
    for (let i = 0; i < n; i++) out.push(`${formatIpv4((p.base + i * step) >>> 0)}/${newLen}`);
  } else {
    const step = 1n << BigInt(bits);
    for (let i = 0; i < n; i++) out.push(`${formatIpv6(p.base + BigInt(i) * step)}/${newLen}`);
  }
  return { ok: true, value: out };
}
