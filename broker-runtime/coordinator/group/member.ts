// One member of a classic group (Kafka's ClassicGroupMember): what it joined with, the assignment
// the leader gave it, and which of its requests are parked.
import type { GroupProtocol, RequestId } from './types.js';

export const EMPTY_ASSIGNMENT: Buffer = Buffer.alloc(0);

export interface MemberSpec {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  assignment?: Buffer;
}

export class ClassicGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly protocolType: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  /** The parked JoinGroup, if any. */
  awaitingJoin: RequestId | null = null;
  /** The parked SyncGroup, if any. */
  awaitingSync: RequestId | null = null;
  /** Joined but has not yet received a JoinGroup response (KIP-394 new-member timeout applies). */
  isNew = false;

  constructor(spec: MemberSpec) {
    this.memberId = spec.memberId;
    this.groupInstanceId = spec.groupInstanceId;
    this.clientId = spec.clientId;
    this.clientHost = spec.clientHost;
    this.protocolType = spec.protocolType;
    this.rebalanceTimeoutMs = spec.rebalanceTimeoutMs;
    this.sessionTimeoutMs = spec.sessionTimeoutMs;
    this.protocols = spec.protocols;
    this.assignment = spec.assignment ?? EMPTY_ASSIGNMENT;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  /** A copy under a new member id: how a static member's identity moves to its new incarnation. */
  withMemberId(memberId: string): ClassicGroupMember {
    return new ClassicGroupMember({ ...this, memberId });
  }

  /** The member's metadata for `protocolName` (empty if it does not support it). */
  metadata(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY_ASSIGNMENT;
  }

  /** Its first protocol among the candidates every member supports. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Same protocols, in the same order, with byte-identical metadata. */
  matches(protocols: readonly GroupProtocol[]): boolean {
    return protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }

  /**
   * Whether a session expiry may be ignored: members parked in a rebalance are alive by
   * definition, except new members, which must not linger forever (KIP-394).
   */
  hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return false;
    return this.awaitingJoin !== null || this.awaitingSync !== null;
  }
}
