/**
 * How an SMS text travels (ADR 0032): in the GSM 03.38 alphabet when every character is in it
 * (é, è, à, ù are; ê, ç, ô, î, œ and the typographic apostrophe are not), otherwise in UCS-2.
 * The GSM table is the `smpp` package's; its own automatic choice labels GSM text as IA5
 * (data_coding 1), so the encoding is done here and the bytes handed over as they are.
 */
import smpp from 'smpp';

export interface EncodedSms {
  /** SMPP data_coding: 0 (SMSC default alphabet, GSM 03.38) or 8 (UCS-2). */
  dataCoding: 0 | 8;
  bytes: Buffer;
  /** How many SMS the phone receives (what the operator bills). */
  parts: number;
  /** Fits in one SMS: sent in `short_message`; otherwise in `message_payload`. */
  single: boolean;
}

export function encodeSms(text: string): EncodedSms {
  if (smpp.gsmCoder.GSM.charRegex.test(text)) {
    // One byte per septet, an extension character (€, [, {…) taking two.
    const bytes = smpp.gsmCoder.encode(text, 0);
    const single = bytes.length <= 160;
    return { dataCoding: 0, bytes, single, parts: single ? 1 : Math.ceil(bytes.length / 153) };
  }
  const bytes = Buffer.from(text, 'utf16le').swap16();
  const units = bytes.length / 2;
  const single = units <= 70;
  return { dataCoding: 8, bytes, single, parts: single ? 1 : Math.ceil(units / 67) };
}

/** The text of a message field the SMSC sent (already decoded by `smpp` from its data_coding). */
export function decodedText(field: unknown): string {
  if (field === null || field === undefined) return '';
  if (typeof field === 'string') return field;
  if (Buffer.isBuffer(field)) return field.toString('latin1');
  const message = (field as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  return Buffer.isBuffer(message) ? message.toString('latin1') : '';
}
