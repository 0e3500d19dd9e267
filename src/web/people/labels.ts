import { enumLabel } from '../i18n/fr.js';

/** A pause or end reason code in plain French. */
export function reasonLabel(toStatus: string, reason: string): string {
  if (toStatus === 'paused') return enumLabel('pauseReason', reason);
  if (toStatus === 'ended') return enumLabel('endReason', reason);
  return reason;
}
