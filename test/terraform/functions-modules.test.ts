/**
 * The functions and expressions the widely used AWS network modules rely on (issue 20 item 1), each worked out by
 * hand from the Terraform language documentation: setproduct, transpose, matchkeys, regexall, sensitive, and — the
 * ones that were there before, checked here in the forms those modules use — element wrap-around, try, coalesce,
 * one, alltrue, compact, distinct, and `for` with grouping.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Scope } from '../../src/formats/terraform/expr-eval.js';
import { parseExpression } from '../../src/formats/terraform/expr-parse.js';
import { EvalError, toPlain, Unknown, type TfValue } from '../../src/formats/terraform/value.js';

const roots: Record<string, TfValue> = {
  var: {
    azs: ['eu-west-1a', 'eu-west-1b'],
    rules: ['ssh-tcp', 'http-80-tcp'],
    cidrs: ['10.0.0.0/16', '192.168.0.0/24'],
    later: new Unknown('aws_vpc.this.id'),
  },
};
const scope: Scope = {
  lookup: (n) => roots[n],
  fn: { readFile: () => undefined, renderTemplate: () => null },
};
const expr = (s: string) => toPlain(evaluate(parseExpression(s), scope));

describe('functions network modules use', () => {
  it('setproduct: every combination, first argument varying slowest', () => {
    expect(expr('setproduct(var.rules, var.cidrs)')).toEqual([
      ['ssh-tcp', '10.0.0.0/16'],
      ['ssh-tcp', '192.168.0.0/24'],
      ['http-80-tcp', '10.0.0.0/16'],
      ['http-80-tcp', '192.168.0.0/24'],
    ]);
    expect(expr('length(setproduct(["a"], []))')).toBe(0);
    expect(() => expr('setproduct(["a"])')).toThrow(EvalError);
  });

  it('for with grouping (...) collects the values of one key into a list, in order', () => {
    expect(expr('{ for p in setproduct(var.rules, var.cidrs) : p[0] => p[1]... }')).toEqual({
      'ssh-tcp': ['10.0.0.0/16', '192.168.0.0/24'],
      'http-80-tcp': ['10.0.0.0/16', '192.168.0.0/24'],
    });
  });

  it('element wraps around; one, alltrue, compact, distinct, coalesce and try as modules use them', () => {
    expect([expr('element(var.azs, 2)'), expr('element(var.azs, 5)')]).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(expr('one([])')).toBeNull();
    expect(expr('one(["igw-1"])')).toBe('igw-1');
    expect(expr('alltrue([for c in var.cidrs : can(cidrhost(c, 0))])')).toBe(true);
    expect(expr('alltrue([for c in ["10.0.0.0/16", "nope"] : can(cidrhost(c, 0))])')).toBe(false);
    expect(expr('distinct(compact(concat(var.azs, ["", "eu-west-1a"])))')).toEqual([
      'eu-west-1a',
      'eu-west-1b',
    ]);
    expect(expr('coalesce(null, "", "sg")')).toBe('sg');
    expect(expr('try(var.missing.id, "fallback")')).toBe('fallback');
    // A value known only after apply stays unknown through try (Terraform cannot decide yet).
    expect(evaluate(parseExpression('try(var.later, "x")'), scope)).toBeInstanceOf(Unknown);
  });

  it('transpose, matchkeys, regexall, sensitive', () => {
    expect(expr('transpose({ a = ["1", "2"], b = ["2", "3"] })')).toEqual({
      '1': ['a'],
      '2': ['a', 'b'],
      '3': ['b'],
    });
    expect(expr('matchkeys(["i-1", "i-2", "i-3"], ["a", "b", "a"], ["a"])')).toEqual(['i-1', 'i-3']);
    expect(expr('regexall("[0-9]+", "10.20.30")')).toEqual(['10', '20', '30']);
    expect(expr('length(regexall("^eu-", "us-east-1"))')).toBe(0);
    expect(expr('sensitive("s3cr3t")')).toBe('s3cr3t');
  });
});
