/** The messages between the server's thread and the embedded database's (pglite-worker.ts). */

export type WorkerRequest =
  | {
      op: 'query';
      id: number;
      text: string;
      params: unknown[] | undefined;
      rowMode: 'array' | 'object' | undefined;
      /** Type ids whose values come back as PostgreSQL wrote them (Drizzle's identity parsers). */
      rawTypes: number[];
    }
  | { op: 'exec'; id: number; text: string }
  | { op: 'close'; id: number };

export interface ThreadResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number | undefined;
}

export type WorkerReply =
  | { id: number; ok: true; result: ThreadResult | ThreadResult[] | null }
  | { id: number; ok: false; error: Record<string, unknown> };
