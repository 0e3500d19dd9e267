/**
 * What the audit keeps (ADR 0011): every column of every table is classified explicitly, masked
 * values never reach the trail, an erasure leaves identity nowhere in a diff.
 */
import { describe, expect, it } from 'vitest';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../src/db/schema.js';
import {
  classifyField,
  ERASED,
  isClassified,
  MASKED,
  pseudonymiseDiff,
  redactDiff,
} from '../../src/domain/audit/fields.js';

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value as never, PgTable),
);

describe('audit field classification', () => {
  it('classifies every column of every table (a new column is decided, not leaked)', () => {
    const unknown = tables.flatMap((table) =>
      Object.keys(getTableColumns(table))
        .filter((column) => !isClassified(getTableName(table), column))
        .map((column) => `${getTableName(table)}.${column}`),
    );
    expect(tables.length).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('masks free text, health remarks, LSNS-6 answers and contact details; keeps statuses and dates', () => {
    const diff = redactDiff('person', {
      practicalNotes: [null, 'Malentendante'],
      phones: [[{ number: '+33344910760' }], []],
      gir: [2, 3],
      lastName: ['Martin', 'Martine'],
      visitsPerWeek: [1, 2],
      locationStatus: ['to_locate', 'located'],
    });
    expect(diff.practicalNotes).toEqual([null, MASKED]);
    expect(diff.phones).toEqual([MASKED, null]);
    expect(diff.gir).toEqual([MASKED, MASKED]);
    expect(diff.lastName).toEqual(['Martin', 'Martine']);
    expect(diff.visitsPerWeek).toEqual([1, 2]);
    expect(
      JSON.stringify(
        redactDiff('evaluation', { lsnsFamilySeen: [null, 2], notes: [null, 'dépression'] }),
      ),
    ).not.toMatch(/dépression|2\]/);
  });

  it('masks a field it does not know', () => {
    expect(classifyField('person', 'somethingNew')).toBe('masked');
    expect(redactDiff('person', { somethingNew: ['a', 'b'] }).somethingNew).toEqual([
      MASKED,
      MASKED,
    ]);
  });

  it('pseudonymises identity on erasure and keeps what is clear', () => {
    const diff = pseudonymiseDiff('person', {
      lastName: [null, 'Martin'],
      birthDate: ['1940-01-01', null],
      status: ['waiting', 'active'],
      notes: [MASKED, MASKED],
    });
    expect(diff).toEqual({
      lastName: [null, ERASED],
      birthDate: [ERASED, null],
      status: ['waiting', 'active'],
      notes: [ERASED, ERASED],
    });
  });

  it('keeps the names of organisations and local services, which are not people', () => {
    expect(classifyField('local_service', 'name')).toBe('clear');
    expect(classifyField('person_contact', 'name')).toBe('identity');
  });
});
