/**
 * HCL expressions, templates and built-in functions. Expected values are worked out by hand from the Terraform
 * language documentation (each case says how).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Scope } from '../../src/formats/terraform/expr-eval.js';
import { parseExpression, parseTemplate } from '../../src/formats/terraform/expr-parse.js';
import { cidrhost, cidrsubnet } from '../../src/formats/terraform/functions.js';
import { EvalError, toPlain, Unknown, type TfValue } from '../../src/formats/terraform/value.js';

const files: Record<string, string> = {
  'nat.sh.tpl': 'iptables -o ${iface} -j MASQUERADE\n%{ for p in ports ~}\nport ${p}\n%{ endfor ~}',
};
const roots: Record<string, TfValue> = {
  var: {
    cidr: '10.0.0.0/16',
    azs: ['us-east-1a', 'us-east-1b'],
    m: { x: 1, y: 2 },
    later: new Unknown('aws_eip.nat.public_ip'),
    flag: true,
  },
  local: {
    subnets: [
      { name: 'a', public: true },
      { name: 'b', public: false },
    ],
  },
  count: { index: 2 },
};
const scope: Scope = {
  lookup: (n) => roots[n],
  fn: {
    readFile: (p) => files[p.replace(/^\.\//, '')],
    renderTemplate: (text, vars) =>
      evaluate({ k: 'tmpl', parts: parseTemplate(text) }, { lookup: (n) => vars[n], fn: scope.fn }),
  },
};
const tmpl = (s: string) => toPlain(evaluate({ k: 'tmpl', parts: parseTemplate(s) }, scope));
const expr = (s: string) => toPlain(evaluate(parseExpression(s), scope));

describe('CIDR functions', () => {
  it('cidrsubnet adds newbits and numbers the subnet (10.0.0.0/16 + 8 bits, #2 → 10.0.2.0/24)', () => {
    expect(cidrsubnet('10.0.0.0/16', 8, 2)).toBe('10.0.2.0/24');
    // /20 + 4 bits = /24; subnet 15 starts 15 × 256 addresses after 10.1.0.0 = 10.1.15.0
    expect(cidrsubnet('10.1.0.0/20', 4, 15)).toBe('10.1.15.0/24');
    // IPv6 /56 + 8 = /64, subnet 1 sets bit 64-… → 2600:1f14:0:1::/64
    expect(cidrsubnet('2600:1f14::/56', 8, 1)).toBe('2600:1f14:0:1::/64');
  });
  it('cidrsubnet rejects a number that does not fit the new bits', () => {
    expect(() => cidrsubnet('10.0.0.0/16', 2, 4)).toThrow(EvalError);
  });
  it('cidrhost counts from the start, negative numbers from the end (last = broadcast, -2 = .254)', () => {
    expect(cidrhost('10.0.1.0/24', 5)).toBe('10.0.1.5');
    expect(cidrhost('10.0.1.0/24', -2)).toBe('10.0.1.254');
  });
  it('cidrsubnets packs consecutive blocks, aligning each to its own size', () => {
    // /20, /20, /24 right after 10.1.32.0, then the next /20 must start on a /20 boundary: 10.1.48.0
    expect(expr('cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)')).toEqual([
      '10.1.0.0/20',
      '10.1.16.0/20',
      '10.1.32.0/24',
      '10.1.48.0/20',
    ]);
  });
});

describe('templates and expressions', () => {
  it('a template that is one interpolation keeps the value type', () => {
    expect(tmpl('${var.azs}')).toEqual(['us-east-1a', 'us-east-1b']);
    expect(tmpl('${count.index}')).toBe(2);
    expect(tmpl('n-${count.index}')).toBe('n-2');
  });
  it('escapes $${ and %%{ stay literal', () => {
    expect(tmpl('a $${b} %%{c}')).toBe('a ${b} %{c}');
  });
  it('directives: if/else and for with strip markers', () => {
    expect(tmpl('%{ if var.flag }yes%{ else }no%{ endif }')).toBe('yes');
    expect(tmpl('%{ for a in var.azs ~} [${a}] %{~ endfor }')).toBe('[us-east-1a][us-east-1b]');
  });
  it('for expressions with index, filter and object form', () => {
    expect(expr('[for i, a in var.azs : "${a}-${i}"]')).toEqual(['us-east-1a-0', 'us-east-1b-1']);
    expect(expr('[for s in local.subnets : s.name if s.public]')).toEqual(['a']);
    expect(expr('{for k, v in var.m : k => v * 10 if v > 1}')).toEqual({ y: 20 });
    expect(expr('{for s in local.subnets : s.public => s.name...}')).toEqual({ true: ['a'], false: ['b'] });
  });
  it('splat over a list of objects', () => {
    expect(expr('local.subnets[*].name')).toEqual(['a', 'b']);
  });
  it('operator precedence: * before +, comparison before &&, ! binds tightest', () => {
    expect(expr('1 + 2 * 3')).toBe(7);
    expect(expr('1 < 2 && !false')).toBe(true);
    expect(expr('-2 + 5')).toBe(3);
  });
  it('conditionals choose a branch; an unknown test gives an unknown result', () => {
    expect(expr('length(var.azs) > 1 ? "multi" : "single"')).toBe('multi');
    expect(evaluate(parseExpression('var.later == "" ? 1 : 2'), scope)).toBeInstanceOf(Unknown);
  });
  it('unknown values propagate through functions and templates', () => {
    expect(evaluate(parseExpression('"${var.later}/32"'), scope)).toBeInstanceOf(Unknown);
    expect(evaluate(parseExpression('cidrhost(var.later, 1)'), scope)).toBeInstanceOf(Unknown);
    // length of a known list holding an unknown element is known (Terraform does the same)
    expect(expr('length([var.later, 1])')).toBe(2);
  });
  it('try falls back when an expression fails; can says whether it works', () => {
    expect(expr('try(var.m.z, "fallback")')).toBe('fallback');
    expect(expr('can(var.m.z)')).toBe(false);
    expect(expr('can(var.m.x)')).toBe(true);
  });
  it('collection functions', () => {
    expect(expr('concat([1], [2, 3])')).toEqual([1, 2, 3]);
    expect(expr('element(var.azs, 3)')).toBe('us-east-1b'); // wraps around: 3 mod 2 = 1
    expect(expr('lookup(var.m, "q", 9)')).toBe(9);
    expect(expr('merge(var.m, {y = 5, z = 6})')).toEqual({ x: 1, y: 5, z: 6 });
    expect(expr('zipmap(["a", "b"], [1, 2])')).toEqual({ a: 1, b: 2 });
    expect(expr('flatten([[1], [2, [3]]])')).toEqual([1, 2, 3]);
    expect(expr('toset(["b", "a", "b"])')).toEqual(['a', 'b']);
    expect(expr('keys({b = 1, a = 2})')).toEqual(['a', 'b']);
    expect(expr('values({b = 1, a = 2})')).toEqual([2, 1]);
    expect(expr('range(3)')).toEqual([0, 1, 2]);
    expect(expr('slice([1, 2, 3, 4], 1, 3)')).toEqual([2, 3]);
    expect(expr('distinct([1, 1, 2])')).toEqual([1, 2]);
    expect(expr('contains(var.azs, "us-east-1b")')).toBe(true);
    expect(expr('coalesce("", "x")')).toBe('x');
    expect(expr('min(3, 1, 2) + max(4, 5)')).toBe(6);
  });
  it('string functions', () => {
    expect(expr('format("%s-%03d", "web", 7)')).toBe('web-007');
    expect(expr('join(",", split("/", "a/b/c"))')).toBe('a,b,c');
    expect(expr('replace("a.b.c", ".", "-")')).toBe('a-b-c');
    expect(expr('upper("ab") == "AB" && lower("AB") == "ab"')).toBe(true);
    expect(expr('jsonencode({b = [1, "x"], a = null})')).toBe('{"a":null,"b":[1,"x"]}');
    expect(expr('base64encode("hi")')).toBe('aGk=');
  });
  it('file and templatefile read present files; a missing file is TF_FILE_MISSING', () => {
    expect(expr('templatefile("nat.sh.tpl", { iface = "eth0", ports = [80, 443] })')).toBe(
      'iptables -o eth0 -j MASQUERADE\nport 80\nport 443\n',
    );
    expect(() => evaluate(parseExpression('file("missing.sh")'), scope)).toThrow(/no file exists/);
  });
  it('syntax errors and unknown functions are EvalErrors, not crashes', () => {
    expect(() => parseExpression('1 +')).toThrow(EvalError);
    expect(() => parseExpression('[1, 2')).toThrow(EvalError);
    expect(() => evaluate(parseExpression('nosuchfn(1)'), scope)).toThrow(/unknown function "nosuchfn"/);
    expect(() => evaluate(parseExpression('var.azs[5]'), scope)).toThrow(/invalid index 5/);
  });
});
