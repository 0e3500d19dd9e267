-- The visitor's day and week ahead (issue 10). Their visits were found from the organisation's
-- visits of the day (visits_org_date), each probed for the visitor: 700 probes for a day and
-- 3,500 for the week ahead in a département of 100,000 people, for the visitor's three visits.
-- The visit's date is copied onto visit_visitors, kept by triggers, so the visitor's visits of a
-- day are one range of an index on (visitor, date).
ALTER TABLE "visit_visitors" ADD COLUMN "visit_date" date;--> statement-breakpoint
UPDATE "visit_visitors" vv SET "visit_date" = v."date" FROM "visits" v WHERE v."id" = vv."visit_id";--> statement-breakpoint
CREATE FUNCTION visit_visitors_take_visit_date() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  SELECT v."date" INTO NEW."visit_date" FROM "visits" v WHERE v."id" = NEW."visit_id";
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER visit_visitors_visit_date BEFORE INSERT OR UPDATE ON visit_visitors
  FOR EACH ROW EXECUTE FUNCTION visit_visitors_take_visit_date();--> statement-breakpoint
CREATE FUNCTION visits_pass_date_to_visitors() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "visit_visitors" SET "visit_date" = NEW."date" WHERE "visit_id" = NEW."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER visits_date_to_visitors AFTER UPDATE OF "date" ON visits
  FOR EACH ROW WHEN (OLD."date" IS DISTINCT FROM NEW."date")
  EXECUTE FUNCTION visits_pass_date_to_visitors();--> statement-breakpoint
CREATE INDEX "visit_visitors_day" ON "visit_visitors" USING btree ("visitor_id","visit_date","visit_id");
