/**
 * Reports written on a weak network: each is saved on the phone first (localStorage), then sent;
 * what could not be sent stays and is sent again when the network comes back. The server stores a
 * report once per `clientId`, so sending twice (a reply lost on the way back) changes nothing:
 * never lost, never stored twice.
 */
export interface QueuedReport {
  clientId: string;
  visitId: string;
  body: Record<string, unknown>;
  queuedAt: string;
  /** Whose visit it is, shown in the list of what waits (the day may no longer hold it). */
  about?: { personName: string; date: string; startTime: string };
  /** Why the server refused it for good (a business rule), shown to the visitor. */
  refused?: string;
}

export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What sending answers: sent (or already there), to retry later (no network), or refused for good. */
export type SendResult =
  { kind: 'sent' } | { kind: 'retry' } | { kind: 'refused'; message: string };

export class Outbox {
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly storage: OutboxStorage,
    /** One box per account: a shared phone never sends someone else's report. */
    private readonly key: string,
    private readonly send: (item: QueuedReport) => Promise<SendResult>,
  ) {}

  items(): QueuedReport[] {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as QueuedReport[]) : [];
    } catch {
      return [];
    }
  }

  private save(items: QueuedReport[]) {
    this.storage.setItem(this.key, JSON.stringify(items));
  }

  /** Saves the report before anything is sent. */
  add(item: QueuedReport) {
    const items = this.items().filter((i) => i.clientId !== item.clientId);
    items.push(item);
    this.save(items);
  }

  pending(): QueuedReport[] {
    return this.items().filter((i) => !i.refused);
  }

  /** Drops a refused report once the visitor has read why. */
  dismiss(clientId: string) {
    this.save(this.items().filter((i) => i.clientId !== clientId));
  }

  /**
   * Sends what is waiting, one at a time, in order. Calls made while a flush runs share it, so
   * the 'online' event and a click at the same moment do not send the same report twice at once.
   * Answers how many were sent.
   */
  flush(): Promise<number> {
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<number> {
    let sent = 0;
    for (const item of this.pending()) {
      const result = await this.send(item);
      if (result.kind === 'retry') break; // still offline: keep the rest in order
      const rest = this.items();
      if (result.kind === 'sent') {
        this.save(rest.filter((i) => i.clientId !== item.clientId));
        sent++;
      } else {
        this.save(
          rest.map((i) => (i.clientId === item.clientId ? { ...i, refused: result.message } : i)),
        );
      }
    }
    return sent;
  }
}
