-- Issue 11. A person moves to "waiting" only with the consent to visits recorded, or with the
-- reason it could not be collected yet (a hospital stay, a guardian to reach), kept on the file
-- with the day it was written. And an import's answers to "which commune?" are stored with it.
ALTER TABLE "people" ADD COLUMN "consent_pending_reason" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "consent_pending_since" date;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "commune_choices" jsonb;
