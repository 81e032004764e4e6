/**
 * The native schema of access scopes (Network Access Analyzer's model: match and exclude paths; docs/reach.md) and
 * of the expectation on a scope's findings, `{ scope: NAME, findings: none }`.
 */
import { z } from 'zod';
import { LIBRARY_SCOPES } from '../../model/scope.js';

const oneOrMany = z.union([z.string(), z.array(z.string())]);

const portSpec = z
  .union([z.number().int().min(0).max(65535), z.string().regex(/^\d{1,5}(-\d{1,5})?$/, 'must read N or A-B')])
  .describe('a destination port (443) or range ("1024-65535")');

export const scopePathSchema = z.strictObject({
  source: oneOrMany
    .optional()
    .describe(
      'where the flow starts (any of): instance, ENI, subnet, VPC, security group, client:NAME, CIDR, internet, any',
    ),
  destination: oneOrMany
    .optional()
    .describe(
      'where the flow is sent (any of): the same as source, and type:load-balancer, type:instance, type:nat-gateway',
    ),
  protocol: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
    .optional()
    .describe('tcp, udp, icmp or a number (any of)'),
  ports: z
    .union([portSpec, z.array(portSpec)])
    .optional()
    .describe('destination ports (TCP and UDP only)'),
  through: oneOrMany
    .optional()
    .describe(
      'the forward path passes any of: a hop id or owner, kind:id, a hop kind, inspection (any firewall or GWLB endpoint), vpc:NAME',
    ),
});

const libraryNames = Object.keys(LIBRARY_SCOPES) as [string, ...string[]];

export const scopeSchema = z.strictObject({
  description: z.string().optional(),
  match: z
    .array(scopePathSchema)
    .optional()
    .describe('paths to find (any of); a finding is a delivered flow on one of them'),
  exclude: z.array(scopePathSchema).optional().describe('paths that are never findings'),
  use: z
    .enum(libraryNames)
    .optional()
    .describe(
      Object.entries(LIBRARY_SCOPES)
        .map(([k, v]) => `${k}: ${v.finds}`)
        .join('; '),
    ),
  source: oneOrMany.optional().describe('parameter of a library scope: who sends'),
  except: oneOrMany.optional().describe('parameter of a library scope: destinations allowed anyway'),
  through: oneOrMany.optional().describe('parameter of a library scope: what counts as inspection'),
});

export const scopeExpectationSchema = z.strictObject({
  name: z.string().optional(),
  scope: z.string().describe('the name of a scope under `scopes:`'),
  findings: z
    .enum(['none', 'some'])
    .describe('none: the scope finds nothing (a CI test); some: it finds at least one class'),
});

export type NativeScope = z.infer<typeof scopeSchema>;
export type NativeScopePath = z.infer<typeof scopePathSchema>;
export type NativeScopeExpectation = z.infer<typeof scopeExpectationSchema>;
