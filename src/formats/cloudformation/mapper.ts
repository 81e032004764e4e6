/**
 * A CloudFormation resource type's mapper: what it creates in pass 1 (VPCs, subnets, tables, gateways, groups,
 * interfaces …) and what it attaches in pass 2, once every resource of every loaded stack has created its objects
 * (routes, rules, associations, attachments, Elastic IPs). mappers.ts holds the table of mappers by type.
 *
 * Both passes run in template order (stacks in the order given, resources in the order written), so deploy-time
 * placeholders (deploy-values.ts) come out the same for the same templates.
 */
import type { ImportContext, ResourceRef } from './context.js';

export interface CfnMapper {
  /** Pass 1: create the object(s) this resource defines. */
  create?(ctx: ImportContext, r: ResourceRef): void;
  /** Pass 2: attach to what pass 1 created. */
  attach?(ctx: ImportContext, r: ResourceRef): void;
}
