CREATE TABLE "scheduled_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "birth_year_band" smallint;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "legal_hold_kind" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "legal_hold_reason" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "legal_hold_since" date;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "legal_hold_by" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_runs_job_day" ON "scheduled_runs" USING btree ("job","day");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_legal_hold_by_users_id_fk" FOREIGN KEY ("legal_hold_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;