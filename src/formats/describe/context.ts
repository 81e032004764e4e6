/**
 * What every describe-* mapper works with: the records grouped by top-level key (each with the account and region
 * of its folder), the network builder, the ids already modelled (a resource listed twice — the same peering seen from
 * both accounts — is modelled once) and the ids described but gone (terminated, deleted: routes to them blackhole,
 * RT-7).
 */
import { warning, type Span } from '../../diag/diagnostic.js';
import type { NetworkBuilder } from '../build/network-builder.js';
import { obj, objs, str, type JsonObject, type JsonSource } from '../json-source.js';

export interface DescribeRecord {
  readonly item: JsonObject;
  readonly src: JsonSource;
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

/** An instance of describe-instances, before its interfaces are known. */
export interface DescribedInstance {
  readonly id: string;
  readonly r: DescribeRecord;
  readonly item: JsonObject;
  readonly state: string;
}

export class DescribeContext {
  /** Ids modelled so far (any kind), and `Key:id` of unsupported resources. */
  readonly seen = new Set<string>();
  /** Ids that were described but are gone, with why: routes to them blackhole (RT-7). */
  readonly gone = new Map<string, string>();
  /** Route tables each gateway endpoint is associated with (RT-18: its routes are implied, not copied). */
  readonly endpointTables = new Map<string, ReadonlySet<string>>();
  private live: Map<string, DescribedInstance> | undefined;

  constructor(
    readonly records: ReadonlyMap<string, readonly DescribeRecord[]>,
    readonly b: NetworkBuilder,
  ) {}

  recs(key: string): readonly DescribeRecord[] {
    return this.records.get(key) ?? [];
  }

  /** Was this key in the snapshot (even empty)? */
  described(key: string): boolean {
    return this.records.has(key);
  }

  /** First time this id is seen? (later duplicates are skipped) */
  unique(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  missing(r: DescribeRecord, key: string, field: string): void {
    this.b.diags.push(
      warning('DESCRIBE_MISSING_FIELD', `a ${key} entry has no ${field}; skipped`, r.src.keyPosition(key)),
    );
  }

  spanOf(r: DescribeRecord, key: string, id: string): Span {
    return r.src.positionOf(key, id);
  }

  /**
   * The instances of describe-instances that still exist (terminated and shutting-down ones are gone), read once:
   * the interfaces of NetworkInterfaces.json need them before the instances themselves are added.
   */
  instances(): ReadonlyMap<string, DescribedInstance> {
    if (this.live) return this.live;
    this.live = new Map();
    for (const r of this.recs('Reservations')) {
      for (const item of objs(r.item, 'Instances')) {
        const id = str(item, 'InstanceId');
        if (!id) {
          this.missing(r, 'Reservations', 'Instances[].InstanceId');
          continue;
        }
        const state = str(obj(item, 'State'), 'Name') ?? 'running';
        if (state === 'terminated' || state === 'shutting-down') {
          this.gone.set(id, `instance ${id} is ${state}`);
          continue;
        }
        if (!this.unique(id)) continue;
        this.live.set(id, { id, r, item, state });
      }
    }
    return this.live;
  }
}

/** Is an association (of a CIDR block, a route table, …) in effect? */
export function activeAssociation(o: JsonObject): boolean {
  const st =
    str(obj(o, 'AssociationState'), 'State') ??
    str(obj(o, 'CidrBlockState'), 'State') ??
    str(obj(o, 'Ipv6CidrBlockState'), 'State');
  return st === undefined || st === 'associated' || st === 'associating';
}
