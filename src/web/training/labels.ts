/** Words of the training screens that agree with the visitor (ADR 0026: never « Inscrit·e »). */
import { formOfAddressOf } from '../../domain/common/french.js';
import { tAgreed } from '../i18n/agreement.js';
import type { MessageKey } from '../i18n/fr.js';

/** « Inscrite », « Inscrit », or « Inscription » when the visitor's gender is not recorded. */
export function attendanceStatusLabel(status: string, gender: string | null | undefined): string {
  return tAgreed(
    {
      masculine: `trainingStatus.${status}` as MessageKey,
      feminine: `trainingStatusFeminine.${status}` as MessageKey,
      neutral: `trainingStatusNeutral.${status}` as MessageKey,
    },
    formOfAddressOf({ gender }),
  );
}

/** "HH:MM" of a session's times, or nothing. */
export function sessionHours(
  startTime: string | null,
  endTime: string | null,
  t: (key: MessageKey, params?: Record<string, string>) => string,
): string {
  if (startTime && endTime) return t('training.hours', { start: startTime, end: endTime });
  if (startTime) return t('training.from', { start: startTime });
  return '';
}
