import { describe, expect, it } from 'vitest';
import { scopesAfterWithdrawal, withdrawalEffects } from './consent-withdrawal.js';
import { frenchDateTime, frenchLongDate } from './access-export.js';

const scopes = (v: boolean, d: boolean, h: boolean) => ({
  scopeVisits: v,
  scopeDataSharing: d,
  scopeHeatwaveRegister: h,
});

describe('consent withdrawal', () => {
  it('loses a scope only when no other consent in force covers it', () => {
    expect(scopesAfterWithdrawal(scopes(true, true, false), [])).toEqual({
      lost: ['visits', 'dataSharing'],
      stillCovered: [],
    });
    expect(
      scopesAfterWithdrawal(scopes(true, true, true), [
        scopes(false, true, false),
        scopes(false, false, false),
      ]),
    ).toEqual({
      lost: ['visits', 'heatwaveRegister'],
      stillCovered: ['dataSharing'],
    });
    expect(scopesAfterWithdrawal(scopes(false, false, false), [scopes(true, true, true)])).toEqual({
      lost: [],
      stillCovered: [],
    });
  });

  it('says each effect in French', () => {
    expect(
      withdrawalEffects({
        lost: ['visits'],
        stillCovered: [],
        cancelledVisits: [{ date: '2026-12-07' }],
        assignmentEndedOn: '2026-12-02',
        partnerReferrals: 0,
      }),
    ).toEqual([
      'Visites : la visite prévue à partir du 7 décembre 2026 est annulée (motif : « consentement retiré »).',
      'Visites : le suivi par son binôme ou son visiteur prend fin le 2 décembre 2026 ; aucune nouvelle visite ne sera planifiée.',
    ]);
    expect(
      withdrawalEffects({
        lost: ['visits', 'dataSharing'],
        stillCovered: [],
        cancelledVisits: [],
        assignmentEndedOn: null,
        partnerReferrals: 2,
      }),
    ).toEqual([
      'Visites : aucune visite prévue à annuler.',
      'Visites : aucun binôme ni visiteur ne lui était attribué.',
      'Partage avec les partenaires : les partenaires qui l’ont signalée ne voient plus que le statut du signalement ; la note de suivi leur est masquée.',
    ]);
  });
});

describe('French dates of the export', () => {
  it('writes calendar dates and moments (in Paris) as a French reader does', () => {
    expect(frenchLongDate('2026-12-02')).toBe('2 décembre 2026');
    expect(frenchLongDate('2025-08-01')).toBe('1 août 2025');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(frenchDateTime('2026-12-31T23:30:00Z')).toBe('1 janvier 2027 à 0 h 30');
    expect(frenchDateTime(new Date('2026-07-14T12:05:00Z'))).toBe('14 juillet 2026 à 14 h 05');
  });
});
