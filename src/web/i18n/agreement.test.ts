import { describe, expect, it } from 'vitest';
import { t } from './fr.js';
import { bornName, bornOn, roleName, roleNames, tAgreed } from './agreement.js';

describe('elision in the catalogue', () => {
  it('elides "de" before a name starting with a vowel or a mute h', () => {
    expect(t('login.demoUseNamed', { name: 'Isabelle Roux' })).toBe(
      'Utiliser le compte d’Isabelle Roux',
    );
    expect(t('login.demoUseNamed', { name: 'Hélène Lefèvre' })).toBe(
      'Utiliser le compte d’Hélène Lefèvre',
    );
    expect(t('login.demoUseNamed', { name: 'Claire Lefèvre' })).toBe(
      'Utiliser le compte de Claire Lefèvre',
    );
  });
});

describe('agreement with the form of address', () => {
  it('names roles in the feminine, the masculine, or by their function', () => {
    expect(roleName('coordinator', 'madame')).toBe('Coordinatrice');
    expect(roleName('coordinator', 'monsieur')).toBe('Coordinateur');
    expect(roleName('coordinator', null)).toBe('Coordination');
    expect(roleNames(['planner', 'visitor'], 'madame')).toBe('Planificatrice, Visiteuse');
  });

  it('says née, né, or the birth name neutrally', () => {
    expect(bornName('Garnier', 'madame')).toBe('(née Garnier)');
    expect(bornName('Garnier', 'monsieur')).toBe('(né Garnier)');
    expect(bornName('Garnier', null)).toBe('(nom de naissance : Garnier)');
    expect(bornOn('02/03/1940', 'madame')).toBe('née le 02/03/1940');
    expect(bornOn('02/03/1940', 'unknown')).toBe('date de naissance : 02/03/1940');
  });

  it('says prévenue for a woman', () => {
    const keys = {
      masculine: 'absence.tellVisitor',
      feminine: 'absence.tellVisitorFeminine',
      neutral: 'absence.tellVisitorNeutral',
    } as const;
    expect(tAgreed(keys, 'madame', { name: 'Inès Martin', phone: '06' })).toBe(
      'Inès Martin (visiteuse, prévenue par e-mail) : 06',
    );
    expect(tAgreed(keys, 'monsieur', { name: 'Hugo Bernard', phone: '06' })).toBe(
      'Hugo Bernard (visiteur, prévenu par e-mail) : 06',
    );
  });
});
