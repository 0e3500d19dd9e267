CREATE TABLE "planning_weeks" (
	"local_service_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "planning_weeks_local_service_id_week_start_pk" PRIMARY KEY("local_service_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "plan_runs" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_runs" ADD COLUMN "week_revision" integer;--> statement-breakpoint
ALTER TABLE "planning_weeks" ADD CONSTRAINT "planning_weeks_local_service_id_local_services_id_fk" FOREIGN KEY ("local_service_id") REFERENCES "public"."local_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Runs written before heartbeats: their last sign of life is their start.
UPDATE "plan_runs" SET "heartbeat_at" = "started_at";--> statement-breakpoint
-- Two runs of one week left "running" by the old check: only the newest can still be alive.
UPDATE "plan_runs" SET "status" = 'failed', "finished_at" = now(), "error" = 'Génération interrompue (le serveur qui la calculait s''est arrêté). Vous pouvez la relancer.' WHERE "status" = 'running' AND "id" NOT IN (SELECT DISTINCT ON ("local_service_id", "week_start") "id" FROM "plan_runs" WHERE "status" = 'running' ORDER BY "local_service_id", "week_start", "started_at" DESC, "id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_runs_one_running" ON "plan_runs" USING btree ("local_service_id","week_start") WHERE "plan_runs"."status" = 'running';