-- A training session can be cancelled (issue 12, ADR 0030): it stays listed, dated and audited,
-- its attendance is kept, and no mark can be changed on it any more.
ALTER TABLE "training_sessions" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "cancel_reason" text;
