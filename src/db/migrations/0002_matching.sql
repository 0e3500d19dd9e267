ALTER TABLE "pairs" ADD COLUMN "capacity" smallint DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "visits_per_week" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "visit_minutes" smallint DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "capacity" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_visits_per_week" CHECK ("people"."visits_per_week" between 1 and 7);--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_visit_minutes" CHECK ("people"."visit_minutes" between 15 and 480);