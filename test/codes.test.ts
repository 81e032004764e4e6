/**
 * The code catalogue (src/diag/codes.ts): docs/codes.md is what `npm run codes` writes, each code is declared once
 * and used, its semantics IDs and Reachability Analyzer codes exist in aws-semantics.md, and an expectation naming an
 * unknown code is an UNKNOWN_CODE warning at the code with the closest declared one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closestCode,
  DIAGNOSTIC_CODE_GROUPS,
  DIAGNOSTIC_CODES,
  EXPLANATION_CODES,
  unknownCodeMessage,
} from '../src/diag/codes.js';
import { codesMarkdown } from '../src/diag/codes-doc.js';
import { importNative } from '../src/formats/native/index.js';
import { importCloudFormation } from '../src/formats/cloudformation/index.js';
import { EXTERNAL } from './external-fixtures.js';

const root = join(import.meta.dirname, '..');
const semanticsFile = join(dirname(dirname(EXTERNAL)), 'docs', 'aws-semantics.md');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'dist' ? [] : sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the code catalogue', () => {
  it('docs/codes.md is current (run `npm run codes` after changing a code)', () => {
    expect(readFileSync(join(root, 'docs', 'codes.md'), 'utf8')).toBe(codesMarkdown());
  });

  it('declares each diagnostic code in exactly one area file', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const g of DIAGNOSTIC_CODE_GROUPS)
      for (const c of Object.keys(g.codes)) {
        if (seen.has(c)) twice.push(`${c} (${seen.get(c) ?? ''} and ${g.title})`);
        seen.set(c, g.title);
      }
    expect(twice).toEqual([]);
    expect(Object.keys(DIAGNOSTIC_CODES).length).toBe(seen.size);
  });

  it('every declared code is reported somewhere in src (no stale entries)', () => {
    const text = sources(join(root, 'src'))
      .filter((p) => !p.includes(join('src', 'diag', 'codes')))
      .map((p) => readFileSync(p, 'utf8'))
      .join('\n');
    const unused = [...Object.keys(EXPLANATION_CODES), ...Object.keys(DIAGNOSTIC_CODES)].filter(
      (c) => !text.includes(`'${c}'`),
    );
    expect(unused).toEqual([]);
  });

  it('every entry has a one-line meaning and well-formed semantics IDs', () => {
    const bad: string[] = [];
    for (const [code, i] of [...Object.entries(EXPLANATION_CODES), ...Object.entries(DIAGNOSTIC_CODES)]) {
      // One line, without a final full stop.
      if (!/^\S[^\n]*[^.\s]$/.test(i.meaning)) bad.push(`${code}: ${i.meaning}`);
      if (i.ref !== undefined && !/^[A-Z0-9]+-\d+(, [A-Z0-9]+-\d+)*$/.test(i.ref))
        bad.push(`${code}: ${i.ref}`);
    }
    expect(bad).toEqual([]);
  });

  it.skipIf(!existsSync(semanticsFile))(
    'each semantics ID and Reachability Analyzer code is one aws-semantics.md defines',
    () => {
      const sem = readFileSync(semanticsFile, 'utf8');
      const bad: string[] = [];
      for (const [code, i] of [...Object.entries(EXPLANATION_CODES), ...Object.entries(DIAGNOSTIC_CODES)]) {
        for (const id of i.ref?.split(', ') ?? []) if (!sem.includes(`**${id}`)) bad.push(`${code}: ${id}`);
        if (i.ra !== undefined && !new RegExp(`\\b${i.ra}\\b`).test(sem)) bad.push(`${code}: RA ${i.ra}`);
      }
      expect(bad).toEqual([]);
    },
  );

  it('suggests the closest code for a misspelt one, and nothing for a stranger', () => {
    expect(closestCode('ENI_SG_RULE_MISMATCH', 'explanation')).toBe('ENI_SG_RULES_MISMATCH');
    expect(closestCode('subnet_acl_restriction', 'explanation')).toBe('SUBNET_ACL_RESTRICTION');
    expect(closestCode('ROUTE_TABLE_UNUSEDD', 'diagnostic')).toBe('ROUTE_TABLE_UNUSED');
    expect(closestCode('PIZZA', 'diagnostic')).toBeUndefined();
    expect(unknownCodeMessage('RT_MORE_SPECIFIC', 'explanation')).toBe(
      'unknown explanation code "RT_MORE_SPECIFIC" (codes: docs/codes.md)',
    );
  });
});

describe('an expectation naming an unknown code', () => {
  it('native YAML: expect code, expectedErrors and variant warnings, each at file:line:col with "did you mean"', () => {
    const r = importNative(
      `vpcsim: 1
vpcs:
  vpc:
    cidr: 10.0.0.0/16
expect:
  - { from: 10.0.0.10, to: 10.0.0.11, verdict: unreachable, code: ENI_SG_RULE_MISMATCH }
  - { from: 10.0.0.10, to: 10.0.0.11, verdict: unreachable, code: SUBNET_ACL_RESTRICTION }
expectedErrors: [ROUTE_TABLE_UNUSD, { code: PEERING_SAME_VPC }]
variants:
  v:
    patch: {}
    warnings: [{ code: NACL_BLOCKS_REPLY }]
`,
      'n.yaml',
    );
    expect(r.diagnostics.filter((d) => d.code === 'UNKNOWN_CODE')).toEqual([
      {
        severity: 'warning',
        code: 'UNKNOWN_CODE',
        message:
          'unknown explanation code "ENI_SG_RULE_MISMATCH"; did you mean ENI_SG_RULES_MISMATCH? (codes: docs/codes.md)',
        span: { file: 'n.yaml', line: 6, col: 67 },
      },
      {
        severity: 'warning',
        code: 'UNKNOWN_CODE',
        message:
          'unknown diagnostic code "ROUTE_TABLE_UNUSD"; did you mean ROUTE_TABLE_UNUSED? (codes: docs/codes.md)',
        span: { file: 'n.yaml', line: 8, col: 18 },
      },
      {
        severity: 'warning',
        code: 'UNKNOWN_CODE',
        message:
          'unknown diagnostic code "NACL_BLOCKS_REPLY"; did you mean NACL_BLOCKS_REPLIES? (codes: docs/codes.md)',
        span: { file: 'n.yaml', line: 12, col: 24 },
      },
    ]);
  });

  it('CloudFormation Metadata expectations: a warning at the code', () => {
    const r = importCloudFormation(
      [
        {
          path: 't.yaml',
          text: `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  vpcsim:
    expect:
      - from: 10.0.0.10
        to: 10.0.0.11
        verdict: unreachable
        code: NO_ROUTE_TO_DESTINATON
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
`,
        },
      ],
      {},
    );
    expect(r.diagnostics.filter((d) => d.code === 'UNKNOWN_CODE')).toEqual([
      {
        severity: 'warning',
        code: 'UNKNOWN_CODE',
        message:
          'unknown explanation code "NO_ROUTE_TO_DESTINATON"; did you mean NO_ROUTE_TO_DESTINATION? (codes: docs/codes.md)',
        span: { file: 't.yaml', line: 8, col: 15 },
      },
    ]);
  });
});
