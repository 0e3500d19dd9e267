import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-strength.js';

describe('password strength', () => {
  it('refuses common passwords with zxcvbn’s reason in French', () => {
    const weakness = passwordWeakness('1234567890');
    expect(weakness).toMatch(/^Ce mot de passe est trop facile à deviner\./);
    expect(weakness).toMatch(/fréquemment utilisé/);
    expect(passwordWeakness('azertyuiop12')).toMatch(/touches de votre clavier/);
    expect(passwordWeakness('motdepasse123')).not.toBeNull();
  });

  it('refuses a password made of the account’s own name or address', () => {
    const context = {
      email: 'zephyrine.quatrebarbes@ccas.test',
      displayName: 'Zéphyrine Quatrebarbes',
    };
    expect(passwordWeakness('zephyrinequatrebarbes', context)).toMatch(/données personnelles/);
    expect(passwordWeakness('zephyrinequatrebarbes')).toBeNull();
  });

  it('accepts a sentence of a few words', () => {
    expect(passwordWeakness('un mot de passe solide')).toBeNull();
    expect(passwordWeakness('visites-oise-demo')).toBeNull();
    expect(passwordWeakness('motdepasse-de-test')).toBeNull();
  });
});
