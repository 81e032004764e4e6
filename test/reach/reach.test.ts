/**
 * `reach` answers derived by hand from the semantics (not from the program's output), on the bundled
 * public/private example: web (10.1.0.10, public 198.51.100.10) in public-a behind public-acl and sg-web.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/formats/load.js';
import { compileNetwork } from '../../src/dataplane/compile.js';
import type { CompiledNetwork } from '../../src/dataplane/compiled.js';
import { reach } from '../../src/analysis/reach/reach.js';
import { boxJson } from '../../src/render/reach.js';
import { mustParseIpv4 } from '../../src/net/ipv4.js';
import { boxContains } from '../../src/analysis/reach/classes.js';

async function example(name: string): Promise<CompiledNetwork> {
  const r = await loadInputs([join(import.meta.dirname, '../../examples', name)], {});
  return compileNetwork(r.network).compiled;
}

describe('reach --from internet --to web (public-private-natgw.yaml)', () => {
  it('only SSH from 203.0.113.0/24 to the public IP gets through (NACL-2, SG-1, NACL-1, IGW-2)', async () => {
    const c = await example('public-private-natgw.yaml');
    const res = reach(c, { from: 'internet', to: 'web', protocol: 'tcp' });
    const ok = res.classes.filter((k) => k.verdict === 'reachable');
    // public-acl inbound: 443 and 80 only from 10.1.0.0/16 (rules 100, 110), 1024-65535 from anywhere (120), 22
    // from 203.0.113.0/24 (130); sg-web admits 443 from anywhere and 22 from 203.0.113.0/24; the reply to port
    // 50000 leaves by outbound rule 130. So the only packets that get through: tcp 22 from 203.0.113.0/24 to the
    // public IP 198.51.100.10 (IGW-2 translates it to 10.1.0.10).
    expect(ok).toHaveLength(1);
    const k = ok[0];
    expect(k?.boxes.map(boxJson)).toEqual([
      { src: '203.0.113.0/24', protocol: 'tcp', dst: '198.51.100.10', ports: '22' },
    ]);
    expect(k?.endpoint).toBe('web');
    expect(k?.path).toEqual(['internet', 'igw', 'public-acl', 'sg-web', 'web']);
    // The reply leaves by public-rtb's 0.0.0.0/0 → igw (RT-1), then public-acl outbound rule 130.
    expect(k?.returnPath).toEqual(['web', 'sg-web', 'public-rtb', 'public-acl', 'igw', 'internet']);
    expect(k?.example.verdict).toBe('reachable');
  });

  it('HTTPS from the internet stops at public-acl (NACL-2: rule 100 admits 443 only from 10.1.0.0/16)', async () => {
    const c = await example('public-private-natgw.yaml');
    const res = reach(c, {
      from: 'internet',
      to: '198.51.100.10',
      protocol: 'tcp',
      ports: { lo: 443, hi: 443 },
    });
    const p = { src: mustParseIpv4('192.0.2.80'), proto: 6, dst: mustParseIpv4('198.51.100.10'), port: 443 };
    const owners = res.classes.filter((k) => k.boxes.some((b) => boxContains(b, p)));
    expect(owners).toHaveLength(1);
    expect(owners[0]?.verdict).toBe('unreachable');
    expect(owners[0]?.droppedAt).toBe('public-acl');
    expect(owners[0]?.code).toBe('SUBNET_ACL_RESTRICTION');
    expect(owners[0]?.path).toEqual(['internet', 'igw', 'public-acl']);
  });

  it('a private address is never reached from the internet (IGW-3)', async () => {
    const c = await example('public-private-natgw.yaml');
    const res = reach(c, { from: 'internet', to: '10.1.0.10', protocol: 'tcp', ports: { lo: 22, hi: 22 } });
    expect(res.classes.every((k) => k.verdict === 'unreachable')).toBe(true);
  });
});

describe('reach --from app (s0-firewall-natgw.yaml)', () => {
  it('the internet is only reachable through the firewall, and the answer says it depends on the SNI (NFW-12)', async () => {
    const c = await example('s0-firewall-natgw.yaml');
    const res = reach(c, { from: 'app', to: '8.8.8.0/24', protocol: 'tcp', ports: { lo: 443, hi: 443 } });
    // Private-RTB sends 0.0.0.0/0 to the firewall endpoint; the domain allowlist drops a flow without SNI.
    expect(res.classes).toHaveLength(1);
    const k = res.classes[0];
    expect(k?.verdict).toBe('unreachable');
    expect(k?.droppedAt).toBe('vpce-nfw-1a');
    expect(k?.inspection).toEqual(['vpce-nfw-1a']);
    expect(k?.conditions.join(' ')).toContain('NFW-12');
    expect(k?.boxes.map(boxJson)).toEqual([{ protocol: 'tcp', dst: '8.8.8.0/24', ports: '443' }]);
  });
});

describe('reach through load balancers (s6-load-balancers.yaml)', () => {
  it('the internet reaches alb-app on tcp 80 only, and the answer says ALB host rules were not judged (ALB-3)', async () => {
    const c = await example('s6-load-balancers.yaml');
    const res = reach(c, { from: 'internet', to: '203.0.113.80', protocol: 'tcp' });
    const ok = res.classes.filter((k) => k.verdict === 'reachable');
    // sg-alb admits tcp 80 from 0.0.0.0/0 only (SG-1); the default NACL admits everything (NACL-1); the node
    // listens on HTTP:80 (ALB-3) and forwards by its default rule to tg-app (rule 10 needs a Host).
    expect(ok.length).toBeGreaterThan(0);
    const services = new Set(ok.flatMap((k) => k.boxes.map((b) => `${boxJson(b).dst} ${boxJson(b).ports}`)));
    expect([...services]).toEqual(['203.0.113.80 80']);
    for (const k of ok) {
      expect(k.path).toContain('alb-app');
      expect(k.path).toContain('tg-app');
      expect(k.conditions.join(' ')).toContain('ALB-3');
    }
  });

  it('nlb-pub is reached on its two listener ports only (NLB-1, sg-nlb)', async () => {
    const c = await example('s6-load-balancers.yaml');
    const res = reach(c, { from: 'internet', to: '203.0.113.70', protocol: 'tcp' });
    const ports = new Set(
      res.classes
        .filter((k) => k.verdict === 'reachable')
        .flatMap((k) => k.boxes.map((b) => boxJson(b).ports)),
    );
    // sg-nlb admits 443 and 8443; the node listens on TCP:443 (→ tg-inst) and TCP:8443 (→ tg-ip).
    expect([...ports].sort()).toEqual(['443', '8443']);
  });
});
