/**
 * What withdrawing a consent changes, decided and said in French. A scope (visits, data sharing,
 * heatwave register) loses its effect only when no other consent still in force covers it.
 * Pure: the server applies the changes (src/server/rights/consent-withdrawal.ts).
 */
import { frenchLongDate } from './access-export.js';

export interface ConsentScopes {
  scopeVisits: boolean;
  scopeDataSharing: boolean;
  scopeHeatwaveRegister: boolean;
}

type ConsentScope = 'visits' | 'dataSharing' | 'heatwaveRegister';
const SCOPES: readonly [ConsentScope, keyof ConsentScopes][] = [
  ['visits', 'scopeVisits'],
  ['dataSharing', 'scopeDataSharing'],
  ['heatwaveRegister', 'scopeHeatwaveRegister'],
];

/** The scopes the withdrawn consent covered, split into those now lost and those another consent still covers. */
export function scopesAfterWithdrawal(
  withdrawn: ConsentScopes,
  stillInForce: readonly ConsentScopes[],
) {
  const lost: ConsentScope[] = [];
  const stillCovered: ConsentScope[] = [];
  for (const [scope, column] of SCOPES) {
    if (!withdrawn[column]) continue;
    if (stillInForce.some((other) => other[column])) stillCovered.push(scope);
    else lost.push(scope);
  }
  return { lost, stillCovered };
}

/** The reason written on the visits a withdrawal cancels. */
export const CONSENT_WITHDRAWN_REASON = 'consentement retiré';

export interface WithdrawalOutcome {
  lost: readonly ConsentScope[];
  stillCovered: readonly ConsentScope[];
  /** Planned visits cancelled, in date order. */
  cancelledVisits: readonly { date: string }[];
  /** Date the current assignment ended on, or null when there was none. */
  assignmentEndedOn: string | null;
  /** Referrals by partners about the person (their follow-up is no longer shown to them). */
  partnerReferrals: number;
}

const SCOPE_NAMES: Record<ConsentScope, string> = {
  visits: 'Visites',
  dataSharing: 'Partage avec les partenaires',
  heatwaveRegister: 'Registre canicule et grand froid',
};

/** The effects, one sentence each, in French, in the order they were applied. */
export function withdrawalEffects(outcome: WithdrawalOutcome): string[] {
  const effects: string[] = [];
  if (!outcome.lost.length && !outcome.stillCovered.length) {
    return ['Ce consentement ne couvrait aucun usage : rien d’autre ne change.'];
  }
  if (outcome.lost.includes('visits')) {
    const n = outcome.cancelledVisits.length;
    effects.push(
      n === 0
        ? 'Visites : aucune visite prévue à annuler.'
        : `Visites : ${n === 1 ? 'la visite prévue' : `les ${n} visites prévues`} à partir du ${frenchLongDate(outcome.cancelledVisits[0]!.date)} ${n === 1 ? 'est annulée' : 'sont annulées'} (motif : « ${CONSENT_WITHDRAWN_REASON} »).`,
    );
    effects.push(
      outcome.assignmentEndedOn
        ? `Visites : le suivi par son binôme ou son visiteur prend fin le ${frenchLongDate(outcome.assignmentEndedOn)} ; aucune nouvelle visite ne sera planifiée.`
        : 'Visites : aucun binôme ni visiteur ne lui était attribué.',
    );
  }
  if (outcome.lost.includes('dataSharing')) {
    effects.push(
      outcome.partnerReferrals === 0
        ? 'Partage avec les partenaires : aucun signalement de partenaire ne la concerne, rien ne leur était montré.'
        : `Partage avec les partenaires : ${outcome.partnerReferrals === 1 ? 'le partenaire qui l’a signalée ne voit plus' : 'les partenaires qui l’ont signalée ne voient plus'} que le statut du signalement ; la note de suivi leur est masquée.`,
    );
  }
  if (outcome.lost.includes('heatwaveRegister')) {
    effects.push(
      'Registre canicule et grand froid : la plateforme ne tient pas encore de registre, il n’y a aucune inscription à retirer. Si la commune l’a inscrite sur son propre registre, prévenez-la.',
    );
  }
  for (const scope of outcome.stillCovered) {
    effects.push(
      `${SCOPE_NAMES[scope]} : un autre consentement en vigueur le couvre encore, rien n’est changé.`,
    );
  }
  return effects;
}
