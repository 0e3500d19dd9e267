/**
 * Reads of the contact log: a person's or a visitor's contacts, newest first by keyset (ADR
 * 0020), with the names of who wrote each one, the carer called and who calls back.
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { exactTimestampKey, type DbOrTx } from '../../db/database.js';
import { contactLog, personContacts, users } from '../../db/schema.js';
import {
  decodeCursor,
  encodeCursor,
  isExactTimestamp,
  isUuid,
} from '../../domain/common/cursor.js';
import { rolesFor, type Actor } from '../../domain/permissions/policy.js';
import { badRequest } from '../http/errors.js';

const author = alias(users, 'contact_author');
const owner = alias(users, 'callback_owner');
const doneBy = alias(users, 'callback_done_by');

const contactColumns = {
  id: contactLog.id,
  personId: contactLog.personId,
  personContactId: contactLog.personContactId,
  personContactName: personContacts.name,
  visitorId: contactLog.visitorId,
  assignmentId: contactLog.assignmentId,
  channel: contactLog.channel,
  outcome: contactLog.outcome,
  occurredAt: contactLog.occurredAt,
  purpose: contactLog.purpose,
  note: contactLog.note,
  callbackOn: contactLog.callbackOn,
  callbackOwnerId: contactLog.callbackOwnerId,
  callbackOwnerName: owner.displayName,
  callbackDoneAt: contactLog.callbackDoneAt,
  callbackDoneByName: doneBy.displayName,
  createdByName: author.displayName,
  createdAt: contactLog.createdAt,
};

function selectContacts(db: DbOrTx) {
  return db
    .select({ ...contactColumns, occurredKey: exactTimestampKey(contactLog.occurredAt) })
    .from(contactLog)
    .leftJoin(personContacts, eq(personContacts.id, contactLog.personContactId))
    .leftJoin(author, eq(author.id, contactLog.createdBy))
    .leftJoin(owner, eq(owner.id, contactLog.callbackOwnerId))
    .leftJoin(doneBy, eq(doneBy.id, contactLog.callbackDoneBy));
}

/** One contact as the routes answer it. */
export async function contactView(db: DbOrTx, id: string) {
  const [row] = await selectContacts(db).where(eq(contactLog.id, id));
  if (!row) throw new Error(`contact ${id} vanished`);
  const { occurredKey: _key, ...view } = row;
  return view;
}

export interface ContactListFilters {
  page: number;
  pageSize: number;
  after?: string | undefined;
}

/** The position after which the next page starts: the last contact's exact time and id. */
function contactCursor(cursor: string) {
  const [occurredAt, id] = decodeCursor(cursor, ['string', 'string']) ?? [];
  if (!isExactTimestamp(occurredAt) || !isUuid(id))
    throw badRequest('Curseur de pagination invalide.');
  return { occurredAt, id };
}

/**
 * One page of the contacts of a person (with their carers) or of a visitor, newest first. The
 * caller has checked the user may read the subject.
 */
export async function listContacts(
  db: DbOrTx,
  subject: { personId: string } | { visitorId: string },
  filters: ContactListFilters,
) {
  const where: SQL =
    'personId' in subject
      ? eq(contactLog.personId, subject.personId)
      : eq(contactLog.visitorId, subject.visitorId);
  const after = filters.after ? contactCursor(filters.after) : null;
  const [totalRow] = await db.select({ total: count() }).from(contactLog).where(where);
  const found = await selectContacts(db)
    .where(
      and(
        where,
        // Newest first, then by id: the page after the cursor's row in that order.
        after
          ? sql`(${contactLog.occurredAt} < ${after.occurredAt}::timestamptz
                 or (${contactLog.occurredAt} = ${after.occurredAt}::timestamptz and ${contactLog.id} > ${after.id}::uuid))`
          : undefined,
      ),
    )
    .orderBy(desc(contactLog.occurredAt), asc(contactLog.id))
    // One more row than asked tells whether there is a next page.
    .limit(filters.pageSize + 1)
    .offset(after ? 0 : (filters.page - 1) * filters.pageSize);
  const rows = found.slice(0, filters.pageSize);
  const last = found.length > filters.pageSize ? rows.at(-1) : undefined;
  return {
    items: rows.map(({ occurredKey: _key, ...view }) => view),
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
    nextCursor: last ? encodeCursor([last.occurredKey, last.id]) : null,
  };
}

/** Whether a user may be asked to call back: staff of the organisation who keep the log. */
export function mayCallBack(
  user: {
    organisationId: string;
    localServiceId: string | null;
    roles: readonly string[];
    disabledAt: Date | null;
  },
  scope: { organisationId: string; localServiceId?: string | null },
): boolean {
  const roles: readonly string[] = rolesFor('contact.update');
  return (
    user.organisationId === scope.organisationId &&
    user.disabledAt === null &&
    user.roles.some((role) => roles.includes(role)) &&
    // A user of another local service does not see the subject's file.
    (!user.localServiceId || !scope.localServiceId || user.localServiceId === scope.localServiceId)
  );
}

/** The staff a user may ask to call back (their local service's, or all the organisation's). */
export async function callbackOwners(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      organisationId: users.organisationId,
      localServiceId: users.localServiceId,
      roles: users.roles,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(and(eq(users.organisationId, actor.organisationId), isNull(users.disabledAt)))
    .orderBy(asc(users.displayName), asc(users.id));
  return {
    items: rows
      .filter((user) =>
        mayCallBack(user, {
          organisationId: actor.organisationId,
          localServiceId: actor.localServiceId,
        }),
      )
      .map(({ id, displayName }) => ({ id, displayName })),
  };
}
