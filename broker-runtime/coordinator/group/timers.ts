// Keyed deadlines: Kafka's CoordinatorTimer without a thread. The coordinator schedules by key
// (scheduling a key again replaces it), and the caller drives time: poll(now) fires every due
// deadline, earliest first, and nextDeadline() tells the caller when to arm its one real timer.
// Invariant: a callback runs with the clock at its own deadline, not at the poll time, so a late
// tick gives the same result as a punctual one.

interface Scheduled {
  deadline: number;
  seq: number;
  fire: (at: number) => void;
}

export class CoordinatorTimers {
  private readonly scheduled = new Map<string, Scheduled>();
  private seq = 0;

  schedule(key: string, deadline: number, fire: (at: number) => void): void {
    this.scheduled.set(key, { deadline, seq: this.seq++, fire });
  }

  cancel(key: string): void {
    this.scheduled.delete(key);
  }

  /** Cancels every key that starts with `prefix`. */
  cancelPrefix(prefix: string): void {
    for (const key of [...this.scheduled.keys()]) if (key.startsWith(prefix)) this.scheduled.delete(key);
  }

  deadlineOf(key: string): number | null {
    return this.scheduled.get(key)?.deadline ?? null;
  }

  nextDeadline(): number | null {
    return this.earliest()?.[1].deadline ?? null;
  }

  /** Fires due callbacks one at a time, so one callback may schedule or cancel others. */
  poll(now: number): void {
    for (let next = this.earliest(); next && next[1].deadline <= now; next = this.earliest()) {
      const [key, entry] = next;
      this.scheduled.delete(key);
      entry.fire(entry.deadline);
    }
  }

  clear(): void {
    this.scheduled.clear();
  }

  private earliest(): [string, Scheduled] | undefined {
    let best: [string, Scheduled] | undefined;
    for (const e of this.scheduled) {
      if (!best || e[1].deadline < best[1].deadline || (e[1].deadline === best[1].deadline && e[1].seq < best[1].seq)) best = e;
    }
    return best;
  }
}

// Keys: one join timer and one pending-sync timer per group, one heartbeat timer per member.
const SEP = '\u0000';
export const groupTimerPrefix = (groupId: string): string => `${groupId}${SEP}`;
export const joinKey = (groupId: string): string => `${groupId}${SEP}join`;
export const syncKey = (groupId: string): string => `${groupId}${SEP}sync`;
export const heartbeatKey = (groupId: string, memberId: string): string => `${groupId}${SEP}heartbeat${SEP}${memberId}`;
