/**
 * Delivery receipts (issue 13, ADR 0032): the SMSC tells, in a deliver_sm, what became of an SMS
 * we sent. SMPP 3.4 says it in the text (appendix B, "id:… sub:… dlvrd:… submit date:… done
 * date:… stat:DELIVRD err:000 text:…"); many SMSCs also, or only, say it in the TLVs
 * `receipted_message_id` and `message_state`. Either is read, the TLVs first.
 */

type DeliveryStatus =
  | 'delivered'
  | 'undeliverable'
  | 'expired'
  | 'deleted'
  | 'rejected'
  | 'accepted'
  | 'enroute'
  | 'unknown';

/** esm_class bits 2–5: "message type"; 0x04 is an SMSC delivery receipt, 0x20 an intermediate one. */
export function isReceipt(esmClass: number): boolean {
  const type = esmClass & 0x3c;
  return type === 0x04 || type === 0x08 || type === 0x20;
}

const BY_STAT: Readonly<Record<string, DeliveryStatus>> = {
  DELIVRD: 'delivered',
  UNDELIV: 'undeliverable',
  EXPIRED: 'expired',
  DELETED: 'deleted',
  REJECTD: 'rejected',
  ACCEPTD: 'accepted',
  ENROUTE: 'enroute',
  UNKNOWN: 'unknown',
};

/** SMPP `message_state` values (5.2.28). */
const BY_STATE: Readonly<Record<number, DeliveryStatus>> = {
  1: 'enroute',
  2: 'delivered',
  3: 'expired',
  4: 'deleted',
  5: 'undeliverable',
  6: 'accepted',
  7: 'unknown',
  8: 'rejected',
};

export interface Receipt {
  messageId: string;
  status: DeliveryStatus;
  /** The error code the operator gave (`err:`), null when none or "000". */
  error: string | null;
  /** `done date` (YYMMDDhhmm[ss], read in UTC as most SMSCs write it), null when absent. */
  doneAt: Date | null;
}

function field(text: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text);
  return match ? match[1]! : null;
}

function smppDate(value: string | null): Date | null {
  const match = value ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value) : null;
  if (!match) return null;
  const [, yy, mm, dd, hh, mi, ss] = match;
  const date = new Date(
    Date.UTC(
      2000 + Number(yy),
      Number(mm) - 1,
      Number(dd),
      Number(hh),
      Number(mi),
      Number(ss ?? 0),
    ),
  );
  return Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(mm) - 1 ? null : date;
}

/**
 * Reads a receipt from its text and TLVs; null when it names no message id or no status it can
 * tell (the caller logs it: nothing to store).
 */
export function parseReceipt(
  text: string,
  tlvs: { receiptedMessageId?: string | null; messageState?: number | null } = {},
): Receipt | null {
  const messageId = tlvs.receiptedMessageId?.trim() || field(text, 'id');
  const stat = field(text, 'stat')?.toUpperCase();
  const status =
    (tlvs.messageState != null ? BY_STATE[tlvs.messageState] : undefined) ??
    (stat ? BY_STAT[stat] : undefined);
  if (!messageId || !status) return null;
  const err = field(text, 'err');
  return {
    messageId,
    status,
    error: err && !/^0+$/.test(err) ? err : null,
    doneAt: smppDate(/done date:(\d{10,12})/i.exec(text)?.[1] ?? null),
  };
}
