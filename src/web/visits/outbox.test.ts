import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxStorage, type QueuedReport, type SendResult } from './outbox.js';

class MemoryStorage implements OutboxStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const report = (n: number): QueuedReport => ({
  clientId: `c${n}`,
  visitId: `v${n}`,
  body: { outcome: 'done' },
  queuedAt: '2026-11-23T10:00:00Z',
});

describe('Outbox', () => {
  it('keeps reports while offline and sends each once when the network returns', async () => {
    const storage = new MemoryStorage();
    let online = false;
    const received: string[] = [];
    const send = async (item: QueuedReport): Promise<SendResult> => {
      if (!online) return { kind: 'retry' };
      received.push(item.clientId);
      return { kind: 'sent' };
    };
    const box = new Outbox(storage, 'box', send);
    box.add(report(1));
    box.add(report(2));
    expect(await box.flush()).toBe(0);
    expect(box.pending().map((i) => i.clientId)).toEqual(['c1', 'c2']);
    // A page reloaded offline finds the same reports.
    expect(new Outbox(storage, 'box', send).pending()).toHaveLength(2);
    online = true;
    const [a, b] = await Promise.all([box.flush(), box.flush()]);
    expect(a).toBe(2);
    expect(b).toBe(2); // the same flush, shared
    expect(received).toEqual(['c1', 'c2']);
    expect(box.items()).toEqual([]);
    expect(await box.flush()).toBe(0);
    expect(received).toEqual(['c1', 'c2']);
  });

  it('keeps a refused report with its reason until dismissed, and sends the next ones', async () => {
    const box = new Outbox(new MemoryStorage(), 'box', async (item) =>
      item.clientId === 'c1'
        ? { kind: 'refused', message: 'Cette visite a déjà un compte rendu.' }
        : { kind: 'sent' },
    );
    box.add(report(1));
    box.add(report(2));
    expect(await box.flush()).toBe(1);
    expect(box.pending()).toEqual([]);
    expect(box.items()).toEqual([
      { ...report(1), refused: 'Cette visite a déjà un compte rendu.' },
    ]);
    box.dismiss('c1');
    expect(box.items()).toEqual([]);
  });

  it('writes a report again under the same client id instead of duplicating it', () => {
    const box = new Outbox(new MemoryStorage(), 'box', async () => ({ kind: 'sent' }));
    box.add(report(1));
    box.add({ ...report(1), body: { outcome: 'absent' } });
    expect(box.items()).toEqual([{ ...report(1), body: { outcome: 'absent' } }]);
  });

  it('survives a corrupted storage entry', () => {
    const storage = new MemoryStorage();
    storage.setItem('box', '{not json');
    expect(new Outbox(storage, 'box', async () => ({ kind: 'sent' })).items()).toEqual([]);
  });
});
