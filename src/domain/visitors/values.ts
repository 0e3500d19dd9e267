/** The values of a visitor's record the forms offer. Plain lists, no Zod (ADR 0019). */
export const VISITOR_KINDS = ['employed_young', 'volunteer', 'civic_service'] as const;

export const MOBILITIES = ['foot', 'bike', 'public_transport', 'car'] as const;

export const ABSENCE_KINDS = ['training', 'leave', 'sick', 'other'] as const;
