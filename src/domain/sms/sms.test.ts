import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { destinationAddress, inboundSender, smsRecipient, sourceAddress } from './phone.js';
import { isReceipt, parseReceipt } from './receipt.js';
import { parseYesNo } from './yes-no.js';

describe('yes or no, as answered by SMS', () => {
  it.each([
    'OUI',
    'oui',
    'Oui !',
    ' oui merci',
    'O',
    'o',
    'ok',
    'OK 👍',
    'Okay',
    'd’accord',
    "D'accord, à mardi",
    'daccord',
    'Dac',
    'ouais',
    'Bien sûr',
    'volontiers',
    'avec plaisir',
    'je suis d’accord',
    'pas de souci',
    '👍',
    'Oui.',
  ])('%s is a yes', (text) => expect(parseYesNo(text)).toBe('yes'));

  it.each([
    'NON',
    'non',
    'Non merci',
    'n',
    'N',
    'nan',
    'pas possible',
    'Pas dispo cette semaine',
    'Désolé',
    'désolée, je ne peux pas',
    'je ne peux pas',
    'impossible',
    'malheureusement non',
    '👎',
  ])('%s is a no', (text) => expect(parseYesNo(text)).toBe('no'));

  it.each([
    '',
    '   ',
    'peut-être',
    'oui… enfin non',
    'ok mais pas dispo',
    'non, pas de souci',
    'qui est-ce ?',
    'on verra',
    'oublie',
    'nous verrons',
    'Rappelez-moi',
    '?',
  ])('%s is neither', (text) => expect(parseYesNo(text)).toBeNull());

  it('never throws, and reads the same answer in capitals', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const answer = parseYesNo(text);
        expect([null, 'yes', 'no']).toContain(answer);
        expect(parseYesNo(text.toUpperCase())).toBe(parseYesNo(text.toLowerCase()));
      }),
    );
  });
});

describe('SMS recipients', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['+33 (0)7 81 23 45 67', '+33781234567'],
    ['0696 20 12 34', '+596696201234'],
  ])('%s → %s', (input, e164) => expect(smsRecipient(input)).toEqual({ ok: true, e164 }));

  it('refuses a landline, saying why, in French', () => {
    const result = smsRecipient('03 44 91 07 60');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'Le 03 44 91 07 60 est un numéro de ligne fixe : un SMS ne peut être envoyé qu’à un portable (06 ou 07 en France).',
    );
  });

  it('refuses what is not a phone number', () => {
    expect(smsRecipient('')).toEqual({ ok: false, message: 'Le numéro de téléphone est vide.' });
    expect(smsRecipient('06 12')).toMatchObject({ ok: false, message: /trop court/ });
    expect(smsRecipient('appelle-moi')).toMatchObject({ ok: false, message: /lettres/ });
  });
});

describe('SMPP addresses', () => {
  it('declares a number sender as international, a short code as such, a name as alphanumeric', () => {
    expect(sourceAddress('+33 6 12 34 56 78')).toEqual({ addr: '33612345678', ton: 1, npi: 1 });
    expect(sourceAddress('0612345678')).toEqual({ addr: '33612345678', ton: 1, npi: 1 });
    expect(sourceAddress('38100')).toEqual({ addr: '38100', ton: 3, npi: 0 });
    expect(sourceAddress('Convivialite')).toEqual({ addr: 'Convivialit', ton: 5, npi: 0 });
    expect(destinationAddress('+33612345678')).toEqual({ addr: '33612345678', ton: 1, npi: 1 });
  });

  it('reads a sender as E.164 whatever its form', () => {
    expect(inboundSender('33612345678', 1)).toBe('+33612345678');
    expect(inboundSender('33612345678', 0)).toBe('+33612345678');
    expect(inboundSender('0612345678', 2)).toBe('+33612345678');
    expect(inboundSender('+33612345678', 0)).toBe('+33612345678');
    expect(inboundSender('ORANGE', 5)).toBe('ORANGE');
  });
});

describe('delivery receipts', () => {
  it('tells a receipt from a message by esm_class', () => {
    expect(isReceipt(0x04)).toBe(true);
    expect(isReceipt(0x00)).toBe(false);
    expect(isReceipt(0x40)).toBe(false);
  });

  it('reads the SMPP 3.4 text', () => {
    expect(
      parseReceipt(
        'id:a1b2c3 sub:001 dlvrd:001 submit date:2612031530 done date:2612031531 stat:DELIVRD err:000 text:Bonjour',
      ),
    ).toEqual({
      messageId: 'a1b2c3',
      status: 'delivered',
      error: null,
      doneAt: new Date('2026-12-03T15:31:00Z'),
    });
    expect(parseReceipt('id:9 sub:001 dlvrd:000 stat:UNDELIV err:034')).toMatchObject({
      status: 'undeliverable',
      error: '034',
      doneAt: null,
    });
    expect(parseReceipt('id:9 stat:EXPIRED err:000')).toMatchObject({ status: 'expired' });
  });

  it('prefers the TLVs when there are some', () => {
    expect(parseReceipt('', { receiptedMessageId: 'X7', messageState: 2 })).toMatchObject({
      messageId: 'X7',
      status: 'delivered',
    });
  });

  it('answers null when it cannot tell which message or what status', () => {
    expect(parseReceipt('bonjour')).toBeNull();
    expect(parseReceipt('id:42 stat:SOMETHING')).toBeNull();
  });
});
