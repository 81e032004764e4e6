/**
 * Flow state of Network Firewall endpoints, kept across the forward and the return trace (NFW-4, NFW-9).
 *
 * Model: one record per (firewall, endpoint, direction-independent 5-tuple). AWS firewall endpoints do not share
 * state with each other, so a reply arriving at a different endpoint of the same firewall finds no flow (NFW-4).
 * The engine creates one `new FirewallFlows()` per trace and passes it to every `inspectPacket` call.
 * Records are mutated only by `inspectPacket`.
 */
import { flowKey, tupleKey, type Packet } from '../packet.js';
import type { AppProto } from './types.js';

export interface FlowRecord {
  /** Directional key of the packet that opened the flow (the client side). */
  readonly clientTuple: string;
  readonly endpoint: string | undefined;
  readonly app: AppProto | undefined;
  /** The rule that passed the flow; a pass ends inspection of the flow (NFW-9). */
  passedBy?: string | undefined;
  /** The rule that dropped the flow. */
  droppedBy?: string | undefined;
}

export class FirewallFlows {
  readonly #flows = new Map<string, FlowRecord>();

  static key(firewall: string, endpoint: string | undefined, pkt: Packet): string {
    return `${firewall}|${endpoint ?? ''}|${flowKey(pkt)}`;
  }

  get(firewall: string, endpoint: string | undefined, pkt: Packet): FlowRecord | undefined {
    return this.#flows.get(FirewallFlows.key(firewall, endpoint, pkt));
  }

  /** Start (or restart) a flow with `pkt` as its first packet. */
  open(firewall: string, endpoint: string | undefined, pkt: Packet, app: AppProto | undefined): FlowRecord {
    const rec: FlowRecord = { clientTuple: tupleKey(pkt), endpoint, app };
    this.#flows.set(FirewallFlows.key(firewall, endpoint, pkt), rec);
    return rec;
  }

  /** Endpoints of `firewall` other than `endpoint` that hold this flow (an asymmetric path, NFW-4). */
  elsewhere(firewall: string, endpoint: string | undefined, pkt: Packet): string[] {
    const suffix = `|${flowKey(pkt)}`;
    const prefix = `${firewall}|`;
    const out: string[] = [];
    for (const [k, rec] of this.#flows) {
      if (k.startsWith(prefix) && k.endsWith(suffix) && rec.endpoint !== endpoint)
        out.push(rec.endpoint ?? '(unnamed)');
    }
    return out;
  }

  get size(): number {
    return this.#flows.size;
  }
}
