DROP INDEX "audit_org_at";--> statement-breakpoint
DROP INDEX "referrals_org";--> statement-breakpoint
-- Indexed search and lists (ADR 0020). The expressions of these indexes are the very ones the
-- list queries use (src/server/people/queries.ts and the other lists): change both together.
ALTER TABLE "people" ADD COLUMN "current_status" text;--> statement-breakpoint
-- people.current_status is the latest status_changes.to_status (by id), kept by the statement
-- triggers below in the same statement as the history row: every write path (the app, imports,
-- the demo seed, a fix by hand in psql) keeps it, so it cannot drift from the history.
CREATE FUNCTION people_refresh_current_status(person_ids uuid[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the people first, in id order: a concurrent status change of the same person waits
  -- here, and the UPDATE below (a new snapshot under READ COMMITTED) then sees its row.
  PERFORM 1 FROM people WHERE id = ANY(person_ids) ORDER BY id FOR UPDATE;
  UPDATE people p SET current_status = latest.to_status
    FROM (
      SELECT ids.id, (SELECT sc.to_status FROM status_changes sc
                       WHERE sc.person_id = ids.id ORDER BY sc.id DESC LIMIT 1) AS to_status
        FROM unnest(person_ids) AS ids(id)
    ) latest
   WHERE p.id = latest.id AND p.current_status IS DISTINCT FROM latest.to_status;
END $$;
--> statement-breakpoint
CREATE FUNCTION status_changes_keep_current_status() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  person_ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT person_id) INTO person_ids FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT person_id) INTO person_ids FROM changed_old;
  ELSE
    SELECT array_agg(DISTINCT person_id) INTO person_ids
      FROM (SELECT person_id FROM changed_new UNION SELECT person_id FROM changed_old) both_sides;
  END IF;
  IF person_ids IS NOT NULL THEN
    PERFORM people_refresh_current_status(person_ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER status_changes_current_status_insert AFTER INSERT ON status_changes
  REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION status_changes_keep_current_status();
--> statement-breakpoint
CREATE TRIGGER status_changes_current_status_update AFTER UPDATE ON status_changes
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION status_changes_keep_current_status();
--> statement-breakpoint
CREATE TRIGGER status_changes_current_status_delete AFTER DELETE ON status_changes
  REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION status_changes_keep_current_status();
--> statement-breakpoint
UPDATE people p SET current_status = latest.to_status
  FROM (SELECT DISTINCT ON (person_id) person_id, to_status FROM status_changes
         ORDER BY person_id, id DESC) latest
 WHERE p.id = latest.person_id;--> statement-breakpoint
CREATE INDEX "audit_org_at_id" ON "audit_log" USING btree ("organisation_id","at","id");--> statement-breakpoint
CREATE INDEX "audit_org_user_at" ON "audit_log" USING btree ("organisation_id","user_id","at","id");--> statement-breakpoint
CREATE INDEX "imports_org" ON "imports" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "people_search" ON "people" USING gin (search_key("last_name" || ' ' || "first_name" || ' ' || coalesce("birth_name", '') || ' ' || coalesce("commune_name", '')) gin_trgm_ops) WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "people_phones" ON "people" USING gin (("phones"::text) gin_trgm_ops) WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
-- The total of a list without search, counted from this narrow index alone.
CREATE INDEX "people_count" ON "people" USING btree ("organisation_id","local_service_id") INCLUDE ("archived_at") WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
-- INCLUDE: a page's ids are read from the index alone (index-only scan, even at a deep OFFSET);
-- the planner wants the columns under the sort expressions in the index for that.
CREATE INDEX "people_list" ON "people" USING btree ("organisation_id",search_key("last_name"),search_key("first_name"),"id") INCLUDE ("last_name","first_name","archived_at") WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "people_list_service" ON "people" USING btree ("organisation_id","local_service_id",search_key("last_name"),search_key("first_name"),"id") INCLUDE ("last_name","first_name","archived_at") WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "people_list_status" ON "people" USING btree ("organisation_id","current_status",search_key("last_name"),search_key("first_name"),"id") INCLUDE ("last_name","first_name","archived_at","local_service_id") WHERE "people"."merged_into_id" is null and "people"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "referrals_list" ON "referrals" USING btree ("organisation_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "referrals_list_status" ON "referrals" USING btree ("organisation_id","status","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "referrals_list_submitter" ON "referrals" USING btree ("organisation_id","submitted_by","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "users_list" ON "users" USING btree ("organisation_id",search_key("display_name"),"id");--> statement-breakpoint
CREATE INDEX "users_search" ON "users" USING gin (search_key("display_name" || ' ' || "email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "visitors_list" ON "visitors" USING btree ("organisation_id",search_key("last_name"),search_key("first_name"),"id");--> statement-breakpoint
CREATE INDEX "visitors_list_service" ON "visitors" USING btree ("organisation_id","local_service_id",search_key("last_name"),search_key("first_name"),"id");--> statement-breakpoint
CREATE INDEX "visitors_search" ON "visitors" USING gin (search_key("last_name" || ' ' || "first_name" || ' ' || coalesce("commune_name", '') || ' ' || coalesce("email", '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "visitors_phone" ON "visitors" USING gin (coalesce("phone", '') gin_trgm_ops);