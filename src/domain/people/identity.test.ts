import { describe, it, expect } from 'vitest';
import {
  DUPLICATE_REASON_LABELS,
  familyNamesMatch,
  findDuplicateCandidates,
  firstNamesMatch,
  nameTokens,
  normalizeName,
  planMerge,
  type IdentityFacts,
  type MergeablePerson,
} from './identity.js';

describe('normalizeName', () => {
  it('ignores case, accents, hyphens, apostrophes, dots and spaces', () => {
    expect(normalizeName('Jean-Pierre')).toBe('jeanpierre');
    expect(normalizeName('  jean pierre ')).toBe('jeanpierre');
    expect(normalizeName('JÉRÔME')).toBe('jerome');
    expect(normalizeName('Le Goff')).toBe(normalizeName('LEGOFF'));
    expect(normalizeName("D'Artagnan")).toBe('dartagnan');
    expect(normalizeName('D’Artagnan')).toBe('dartagnan');
    expect(normalizeName('St. Jean')).toBe('stjean');
    expect(normalizeName('Françoise')).toBe('francoise');
    expect(normalizeName('Müller')).toBe('muller');
  });

  it('spells out ligatures', () => {
    expect(normalizeName('Œillet')).toBe('oeillet');
    expect(normalizeName('Lætitia')).toBe('laetitia');
    expect(normalizeName('Strauß')).toBe('strauss');
    expect(normalizeName('Søren')).toBe('soren');
  });

  it('keeps digits, other alphabets, and returns an empty key for nothing', () => {
    expect(normalizeName('Louis XIV 2')).toBe('louisxiv2');
    expect(normalizeName('Ольга')).toBe('ольга');
    expect(normalizeName(null)).toBe('');
    expect(normalizeName(undefined)).toBe('');
    expect(normalizeName(' - ')).toBe('');
  });

  it('splits names into words', () => {
    expect(nameTokens('Marie-Thérèse  de la Tour')).toEqual([
      'marie',
      'therese',
      'de',
      'la',
      'tour',
    ]);
    expect(nameTokens('')).toEqual([]);
  });
});

describe('name matching', () => {
  it('matches family names that are equal or contained in one another', () => {
    expect(familyNamesMatch('Martin', 'MARTIN')).toBe(true);
    expect(familyNamesMatch('Martin', 'Martin-Dupont')).toBe(true);
    expect(familyNamesMatch('Dupont Martin', 'Martin')).toBe(true);
    expect(familyNamesMatch('Le Goff', 'Goff')).toBe(true);
    expect(familyNamesMatch('Le Goff', 'Legoff')).toBe(true);
    expect(familyNamesMatch('Martin', 'Martinez')).toBe(false);
    expect(familyNamesMatch('Le Goff', 'Le Bris')).toBe(false);
    expect(familyNamesMatch('De la Tour', 'De Brie')).toBe(false);
    expect(familyNamesMatch('', 'Martin')).toBe(false);
    expect(familyNamesMatch(null, null)).toBe(false);
  });

  it('matches a first name with its compound form, not another compound', () => {
    expect(firstNamesMatch('Marie', 'Marie-Thérèse')).toBe(true);
    expect(firstNamesMatch('marie therese', 'Marie-Thérèse')).toBe(true);
    expect(firstNamesMatch('Jeanpierre', 'Jean-Pierre')).toBe(true);
    expect(firstNamesMatch('Jean-Pierre', 'Jean-Marc')).toBe(false);
    expect(firstNamesMatch('Thérèse', 'Marie-Thérèse')).toBe(false);
    expect(firstNamesMatch('', 'Marie')).toBe(false);
  });
});

describe('findDuplicateCandidates', () => {
  const newPerson: IdentityFacts = {
    lastName: 'Dupont',
    birthName: 'Lefèvre',
    firstName: 'Jeanne',
    birthDate: '1938-04-12',
    phones: ['+33344123456'],
  };
  const base = { birthName: null, phones: [] as string[] };

  it('finds the same name and birth date, whatever the spelling', () => {
    const result = findDuplicateCandidates(newPerson, [
      { ...base, id: 'a', lastName: 'DUPONT', firstName: 'jeanne', birthDate: '1938-04-12' },
      { ...base, id: 'b', lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-13' },
      { ...base, id: 'c', lastName: 'Durand', firstName: 'Jeanne', birthDate: '1938-04-12' },
      { ...base, id: 'd', lastName: 'Dupont', firstName: 'Jeanne-Marie', birthDate: '1938-04-12' },
    ]);
    expect(result).toEqual([
      { id: 'a', reasons: ['same_name_and_birth_date'] },
      { id: 'd', reasons: ['same_name_and_birth_date'] },
    ]);
  });

  it('does not report homonyms without a birth date on both sides', () => {
    expect(
      findDuplicateCandidates({ ...newPerson, birthDate: null, birthName: null, phones: [] }, [
        { ...base, id: 'a', lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12' },
      ]),
    ).toEqual([]);
    expect(
      findDuplicateCandidates({ ...newPerson, birthName: null, phones: [] }, [
        { ...base, id: 'a', lastName: 'Dupont', firstName: 'Jeanne', birthDate: null },
      ]),
    ).toEqual([]);
  });

  it('finds a first name and family name typed the other way round', () => {
    const result = findDuplicateCandidates(
      { lastName: 'Jeanne', firstName: 'Dupont', birthDate: '1938-04-12', phones: [] },
      [{ ...base, id: 'a', lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12' }],
    );
    expect(result).toEqual([{ id: 'a', reasons: ['same_name_and_birth_date'] }]);
  });

  it('finds the birth name on either side', () => {
    const result = findDuplicateCandidates({ ...newPerson, phones: [] }, [
      // Registered under her birth name only.
      { ...base, id: 'a', lastName: 'Lefebvre', firstName: 'Jeanne', birthDate: '1938-04-12' },
      { ...base, id: 'b', lastName: 'LEFÈVRE', firstName: 'Jeanne', birthDate: '1938-04-12' },
      // Another usage name, same birth name.
      {
        ...base,
        id: 'c',
        lastName: 'Martin',
        birthName: 'Lefevre',
        firstName: 'Jeanne',
        birthDate: '1938-04-12',
      },
      // Same birth name and birth date, another first name: a twin sister.
      { ...base, id: 'd', lastName: 'Lefèvre', firstName: 'Paulette', birthDate: '1938-04-12' },
    ]);
    expect(result).toEqual([
      { id: 'b', reasons: ['same_birth_name_and_birth_date'] },
      { id: 'c', reasons: ['same_birth_name_and_birth_date'] },
    ]);
    // The record typed with the usage name as birth name.
    expect(
      findDuplicateCandidates(
        { lastName: 'Lefèvre', firstName: 'Jeanne', birthDate: '1938-04-12', phones: [] },
        [
          {
            ...base,
            id: 'e',
            lastName: 'Dupont',
            birthName: 'Lefèvre',
            firstName: 'Jeanne',
            birthDate: '1938-04-12',
          },
        ],
      ),
    ).toEqual([{ id: 'e', reasons: ['same_birth_name_and_birth_date'] }]);
  });

  it('finds a shared phone number, alone or with other reasons, most reasons first', () => {
    const result = findDuplicateCandidates(newPerson, [
      {
        ...base,
        id: 'spouse',
        lastName: 'Dupont',
        firstName: 'Marcel',
        birthDate: '1935-01-02',
        phones: ['+33344123456'],
      },
      {
        id: 'same',
        lastName: 'Dupont',
        birthName: 'Lefèvre',
        firstName: 'Jeanne',
        birthDate: '1938-04-12',
        phones: ['+33 3 44 12 34 56', '+33612345678'],
      },
      {
        ...base,
        id: 'other',
        lastName: 'Durand',
        firstName: 'Paul',
        birthDate: '1940-01-01',
        phones: ['+33612345678'],
      },
    ]);
    expect(result).toEqual([
      {
        id: 'same',
        reasons: ['same_name_and_birth_date', 'same_birth_name_and_birth_date', 'same_phone'],
      },
      { id: 'spouse', reasons: ['same_phone'] },
    ]);
  });

  it('ignores empty phone numbers and returns nothing for no candidates', () => {
    expect(
      findDuplicateCandidates({ ...newPerson, phones: [''] }, [
        { ...base, id: 'x', lastName: 'A', firstName: 'B', phones: [''] },
      ]),
    ).toEqual([]);
    expect(findDuplicateCandidates(newPerson, [])).toEqual([]);
  });

  it('labels every reason in French', () => {
    expect(DUPLICATE_REASON_LABELS.same_phone).toBe('Même numéro de téléphone');
  });
});

describe('planMerge', () => {
  const keep: MergeablePerson = {
    id: 'keep',
    lastName: 'Dupont',
    birthName: null,
    firstName: 'Jeanne',
    birthDate: '1938-04-12',
    gender: 'female',
    street: null,
    addressComplement: null,
    postalCode: null,
    communeName: null,
    inseeCode: null,
    latitude: null,
    longitude: null,
    locationStatus: 'to_locate',
    locationPrecision: null,
    locationNote: null,
    email: '',
    phones: [{ number: '+33344123456', label: 'Domicile' }],
    livesAlone: false,
    apa: null,
    gir: null,
    teleAssistance: null,
    interests: ['Jeux de société', 'tricot'],
    languages: [],
    preferences: { days: [2], periods: [] },
    practicalNotes: 'Sonner deux fois',
    referralSource: null,
    localServiceId: 'svc-1',
  };
  const remove: MergeablePerson = {
    id: 'remove',
    lastName: 'DUPONT',
    birthName: 'Lefèvre',
    firstName: 'Jeanne',
    birthDate: '1938-04-12',
    gender: null,
    street: '12 rue des Lilas',
    addressComplement: 'Bâtiment B',
    postalCode: '60000',
    communeName: 'Beauvais',
    inseeCode: '60057',
    latitude: 49.43,
    longitude: 2.08,
    locationStatus: 'located',
    locationPrecision: 'housenumber',
    locationNote: null,
    email: 'jeanne.dupont@example.org',
    phones: [
      { number: '+33 3 44 12 34 56', label: 'Fixe' },
      { number: '+33612345678', label: 'Portable' },
    ],
    livesAlone: true,
    apa: true,
    gir: 4,
    teleAssistance: null,
    interests: ['jeux de societe', 'Jardinage'],
    languages: ['Français'],
    preferences: { days: [4], periods: ['afternoon'], visitorGender: 'female' },
    practicalNotes: 'Chien au rez-de-chaussée',
    referralSource: 'CCAS',
    localServiceId: 'svc-2',
  };

  it('keeps non-empty values, fills empty ones, unites lists', () => {
    const plan = planMerge(keep, remove);
    expect(plan.keepId).toBe('keep');
    expect(plan.removeId).toBe('remove');
    expect(plan.merged).toMatchObject({
      lastName: 'Dupont',
      birthName: 'Lefèvre',
      firstName: 'Jeanne',
      gender: 'female',
      email: 'jeanne.dupont@example.org',
      livesAlone: false,
      apa: true,
      gir: 4,
      teleAssistance: null,
      practicalNotes: 'Sonner deux fois',
      referralSource: 'CCAS',
      localServiceId: 'svc-1',
      phones: [
        { number: '+33344123456', label: 'Domicile' },
        { number: '+33612345678', label: 'Portable' },
      ],
      interests: ['Jeux de société', 'tricot', 'Jardinage'],
      languages: ['Français'],
      preferences: { days: [2], periods: ['afternoon'], visitorGender: 'female' },
    });
  });

  it('takes the whole address from the other record when the kept one has none', () => {
    const plan = planMerge(keep, remove);
    expect(plan.merged).toMatchObject({
      street: '12 rue des Lilas',
      addressComplement: 'Bâtiment B',
      postalCode: '60000',
      communeName: 'Beauvais',
      inseeCode: '60057',
      latitude: 49.43,
      longitude: 2.08,
      locationStatus: 'located',
      locationPrecision: 'housenumber',
    });
  });

  it('never mixes two addresses, and reports the one left aside', () => {
    const plan = planMerge({ ...keep, communeName: 'Compiègne', postalCode: '60200' }, remove);
    expect(plan.merged).toMatchObject({
      street: null,
      postalCode: '60200',
      communeName: 'Compiègne',
      latitude: null,
      locationStatus: 'to_locate',
    });
    expect(plan.conflicts).toContainEqual({
      field: 'address',
      kept: '60200, Compiègne',
      discarded: '12 rue des Lilas, Bâtiment B, 60000, Beauvais',
    });
  });

  it('completes the location when both records have the same address', () => {
    const plan = planMerge(
      { ...keep, street: '12 Rue des lilas', postalCode: '60000', communeName: 'BEAUVAIS' },
      remove,
    );
    expect(plan.merged).toMatchObject({
      street: '12 Rue des lilas',
      communeName: 'BEAUVAIS',
      addressComplement: 'Bâtiment B',
      inseeCode: '60057',
      latitude: 49.43,
      locationStatus: 'located',
    });
    expect(plan.conflicts.find((c) => c.field === 'address')).toBeUndefined();
  });

  it('lists exactly the columns that change, with before and after', () => {
    const plan = planMerge(keep, remove);
    expect(plan.changedFields).toEqual([
      'birthName',
      'street',
      'addressComplement',
      'postalCode',
      'communeName',
      'inseeCode',
      'latitude',
      'longitude',
      'locationStatus',
      'locationPrecision',
      'email',
      'phones',
      'apa',
      'gir',
      'interests',
      'languages',
      'preferences',
      'referralSource',
    ]);
    expect(plan.changes.find((c) => c.field === 'email')).toEqual({
      field: 'email',
      before: '',
      after: 'jeanne.dupont@example.org',
      source: 'remove',
    });
    expect(plan.changes.find((c) => c.field === 'phones')?.source).toBe('union');
    expect(plan.changes.find((c) => c.field === 'languages')?.source).toBe('remove');
    for (const field of plan.changedFields) {
      expect(plan.changes.some((c) => c.field === field)).toBe(true);
    }
  });

  it('reports the values of the other record that are not kept', () => {
    const plan = planMerge(keep, remove);
    expect(plan.conflicts).toEqual([
      { field: 'livesAlone', kept: false, discarded: true },
      { field: 'practicalNotes', kept: 'Sonner deux fois', discarded: 'Chien au rez-de-chaussée' },
      { field: 'localServiceId', kept: 'svc-1', discarded: 'svc-2' },
    ]);
  });

  it('changes nothing when merging an empty record', () => {
    const plan = planMerge(keep, { id: 'empty', lastName: 'Dupont', firstName: 'Jeanne' });
    expect(plan.changedFields).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts).toEqual([]);
  });

  it('ignores columns that are not merged, and tolerates malformed lists', () => {
    const row = {
      ...keep,
      organisationId: 'org',
      importKey: 'k',
      createdAt: new Date(),
      mergedIntoId: null,
    } as MergeablePerson;
    const plan = planMerge(row, { ...remove, phones: 'not a list', interests: null });
    expect(Object.keys(plan.merged)).not.toContain('organisationId');
    expect(Object.keys(plan.merged)).not.toContain('id');
    expect(plan.merged.phones).toEqual([{ number: '+33344123456', label: 'Domicile' }]);
    expect(plan.changedFields).not.toContain('phones');
  });

  it('fills a missing phone label from the other record', () => {
    const plan = planMerge(
      { ...keep, phones: [{ number: '+33612345678' }] },
      { ...remove, phones: [{ number: '+33612345678', label: 'Portable' }] },
    );
    expect(plan.merged.phones).toEqual([{ number: '+33612345678', label: 'Portable' }]);
  });

  it('unites contacts by name and says which to move and which to delete', () => {
    const plan = planMerge(
      {
        ...keep,
        contacts: [
          {
            id: 'k1',
            name: 'Sophie Dupont',
            relationship: 'child',
            phone: null,
            isEmergencyContact: false,
          },
        ],
      },
      {
        ...remove,
        contacts: [
          {
            id: 'r1',
            name: 'SOPHIE DUPONT',
            relationship: 'child',
            phone: '+33611111111',
            isEmergencyContact: true,
          },
          { id: 'r2', name: 'Dr Martin', relationship: 'doctor', phone: '+33344000000' },
        ],
      },
    );
    expect(plan.contacts).toEqual({
      merged: [
        {
          id: 'k1',
          name: 'Sophie Dupont',
          relationship: 'child',
          phone: '+33611111111',
          isEmergencyContact: true,
        },
        { id: 'r2', name: 'Dr Martin', relationship: 'doctor', phone: '+33344000000' },
      ],
      moved: ['r2'],
      duplicates: [{ keptId: 'k1', removedId: 'r1' }],
    });
    expect(plan.changes.some((c) => c.field === 'contacts')).toBe(true);
    expect(plan.changedFields).not.toContain('contacts' as never);
    expect(planMerge(keep, remove).contacts).toBeUndefined();
  });

  it('does not modify its inputs', () => {
    const a = structuredClone(keep);
    const b = structuredClone(remove);
    planMerge(a, b);
    expect(a).toEqual(keep);
    expect(b).toEqual(remove);
  });

  it('refuses to merge a record with itself', () => {
    expect(() => planMerge(keep, { ...remove, id: 'keep' })).toThrow('elle-même');
  });
});
