/**
 * A Terraform resource type's mapper: what it creates in pass 1 (VPCs, subnets, tables, gateways, groups,
 * interfaces …) and what it attaches in pass 2, once every type has created its objects (routes, rules,
 * associations, Elastic IPs). map-resources.ts holds the table of mappers by type.
 */
import type { MapInstance, TfMapContext } from './map-context.js';

export interface TypeMapper {
  /** Pass 1: create the objects of this type (all its instances, in input order). */
  create?(c: TfMapContext, list: readonly MapInstance[]): void;
  /** Pass 2: attach to what every type created. */
  attach?(c: TfMapContext, list: readonly MapInstance[]): void;
}
