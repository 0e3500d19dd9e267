/** The values of a person's file the forms offer. Plain lists, no Zod (ADR 0019). */
export const RELATIONSHIPS = [
  'child',
  'spouse',
  'sibling',
  'grandchild',
  'neighbour',
  'friend',
  'carer',
  'guardian',
  'doctor',
  'other',
] as const;

export const GENDERS = ['female', 'male', 'other'] as const;

/** How a consent was given, and by whom. */
export const CONSENT_METHODS = ['oral', 'written', 'phone', 'electronic'] as const;
export const CONSENT_GIVERS = ['person', 'carer', 'legal_guardian'] as const;
