-- Issue 12, follow-up. The tables every part of it shares, written once so that the contact log,
-- the life of a match, the volunteer's journey and the coordinator's day agree on them.
--
-- The contact log: every call, message, letter or meeting with a person, a carer, a visitor or a
-- volunteer; its "à rappeler" date makes the worklist. Later capabilities (neighbour help,
-- campaigns) add their own link columns.
CREATE TABLE "contact_log" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "local_service_id" uuid REFERENCES "local_services"("id"),
  "person_id" uuid REFERENCES "people"("id") ON DELETE CASCADE,
  "person_contact_id" uuid REFERENCES "person_contacts"("id") ON DELETE SET NULL,
  "visitor_id" uuid REFERENCES "visitors"("id"),
  "assignment_id" uuid REFERENCES "assignments"("id"),
  "channel" text NOT NULL,
  "outcome" text NOT NULL,
  "occurred_at" timestamp with time zone NOT NULL,
  "purpose" text,
  "note" text,
  "callback_on" date,
  "callback_owner_id" uuid REFERENCES "users"("id"),
  "callback_done_at" timestamp with time zone,
  "callback_done_by" uuid REFERENCES "users"("id"),
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "contact_log_one_subject" CHECK (("person_id" IS NULL) <> ("visitor_id" IS NULL)),
  CONSTRAINT "contact_log_carer_of_person" CHECK ("person_contact_id" IS NULL OR "person_id" IS NOT NULL),
  CONSTRAINT "contact_log_channel" CHECK ("channel" IN ('call_out', 'call_in', 'voicemail', 'sms', 'email', 'letter', 'home_visit', 'meeting'))
);--> statement-breakpoint
CREATE INDEX "contact_log_person" ON "contact_log" ("person_id", "occurred_at");--> statement-breakpoint
CREATE INDEX "contact_log_visitor" ON "contact_log" ("visitor_id", "occurred_at");--> statement-breakpoint
CREATE INDEX "contact_log_assignment" ON "contact_log" ("assignment_id");--> statement-breakpoint
CREATE INDEX "contact_log_callbacks" ON "contact_log" ("organisation_id", "callback_owner_id", "callback_on") WHERE "callback_on" IS NOT NULL AND "callback_done_at" IS NULL;--> statement-breakpoint

-- The life of a match: the assignment is the match. Existing matches were running before this
-- existed: they are "confirmed" (an ended one "ended"). The default stays "confirmed" for rows
-- written without a stage (an import of running matches); accepting a proposal says "accepted".
ALTER TABLE "assignments" ADD COLUMN "stage" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
UPDATE "assignments" SET "stage" = CASE WHEN "ended_on" IS NULL THEN 'confirmed' ELSE 'ended' END;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_stage" CHECK ("stage" IN ('accepted', 'announced', 'first_visit_planned', 'trial', 'confirmed', 'ended'));--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "stage_since" date;--> statement-breakpoint
UPDATE "assignments" SET "stage_since" = coalesce("ended_on", "started_on");--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "first_visit_id" uuid REFERENCES "visits"("id") ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "trial_ends_on" date;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "next_review_on" date;--> statement-breakpoint
UPDATE "assignments" SET "next_review_on" = ("started_on" + interval '1 year')::date WHERE "ended_on" IS NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "end_comment" text;--> statement-breakpoint
CREATE INDEX "assignments_due" ON "assignments" ("organisation_id", "stage") WHERE "ended_on" IS NULL;--> statement-breakpoint

-- Every step of a match, dated and by whom (the match's history on the person's and unit's file).
CREATE TABLE "match_steps" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "assignment_id" uuid NOT NULL REFERENCES "assignments"("id") ON DELETE CASCADE,
  "from_stage" text,
  "to_stage" text NOT NULL,
  "effective_on" date NOT NULL,
  "reason" text,
  "comment" text,
  "changed_by" uuid REFERENCES "users"("id"),
  "at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "match_steps_assignment" ON "match_steps" ("assignment_id", "id");--> statement-breakpoint

-- A periodic review of a match: both sides' satisfaction, the LSNS-6 again, the decision.
CREATE TABLE "match_reviews" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "assignment_id" uuid NOT NULL REFERENCES "assignments"("id") ON DELETE CASCADE,
  "held_on" date NOT NULL,
  "person_satisfaction" smallint,
  "visitor_satisfaction" smallint,
  "lsns_family_seen" smallint,
  "lsns_family_talk_private" smallint,
  "lsns_family_help" smallint,
  "lsns_friends_seen" smallint,
  "lsns_friends_talk_private" smallint,
  "lsns_friends_help" smallint,
  "decision" text NOT NULL,
  "new_visits_per_week" smallint,
  "comment" text,
  "held_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "match_reviews_satisfaction" CHECK (("person_satisfaction" IS NULL OR "person_satisfaction" BETWEEN 1 AND 5) AND ("visitor_satisfaction" IS NULL OR "visitor_satisfaction" BETWEEN 1 AND 5)),
  CONSTRAINT "match_reviews_lsns_range" CHECK (coalesce("lsns_family_seen", 0) BETWEEN 0 AND 5 AND coalesce("lsns_family_talk_private", 0) BETWEEN 0 AND 5 AND coalesce("lsns_family_help", 0) BETWEEN 0 AND 5 AND coalesce("lsns_friends_seen", 0) BETWEEN 0 AND 5 AND coalesce("lsns_friends_talk_private", 0) BETWEEN 0 AND 5 AND coalesce("lsns_friends_help", 0) BETWEEN 0 AND 5),
  CONSTRAINT "match_reviews_decision" CHECK ("decision" IN ('continue', 'change_rhythm', 'end'))
);--> statement-breakpoint
CREATE INDEX "match_reviews_assignment" ON "match_reviews" ("assignment_id", "held_on");--> statement-breakpoint

-- A person back on the waiting list after a match ended for want of affinity comes first, with
-- why and since when; the units to avoid are read from the ended matches themselves.
ALTER TABLE "people" ADD COLUMN "waiting_priority_since" date;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "waiting_priority_reason" text;--> statement-breakpoint

-- A visit the coordinator attends (the first meeting of a match): who, and why the visit is.
ALTER TABLE "visits" ADD COLUMN "staff_user_id" uuid REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "purpose" text;--> statement-breakpoint
CREATE INDEX "visits_staff" ON "visits" ("staff_user_id", "date") WHERE "staff_user_id" IS NOT NULL;--> statement-breakpoint

-- The volunteer's and visitor's journey. Existing visitors are active (or ended); so is a visitor
-- written without a stage (an import of the register); an application says "applied".
ALTER TABLE "visitors" ADD COLUMN "journey_stage" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
UPDATE "visitors" SET "journey_stage" = CASE WHEN "ended_on" IS NULL THEN 'active' ELSE 'ended' END;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_journey_stage" CHECK ("journey_stage" IN ('applied', 'interview', 'checks', 'training', 'active', 'suspended', 'ended'));--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "applied_on" date;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "application_source" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "application_note" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "suspended_reason" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "suspended_until" date;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "ended_reason" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "contract_type" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "exit_outcome" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "exit_outcome_on" date;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "exit_outcome_note" text;--> statement-breakpoint

CREATE TABLE "visitor_journey_steps" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "visitor_id" uuid NOT NULL REFERENCES "visitors"("id") ON DELETE CASCADE,
  "from_stage" text,
  "to_stage" text NOT NULL,
  "effective_on" date NOT NULL,
  "reason" text,
  "comment" text,
  "changed_by" uuid REFERENCES "users"("id"),
  "at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "visitor_journey_steps_visitor" ON "visitor_journey_steps" ("visitor_id", "id");--> statement-breakpoint

CREATE TABLE "visitor_interviews" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "visitor_id" uuid NOT NULL REFERENCES "visitors"("id") ON DELETE CASCADE,
  "held_on" date NOT NULL,
  "interviewer_id" uuid REFERENCES "users"("id"),
  "interviewer_name" text,
  "outcome" text NOT NULL,
  "reason" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "visitor_interviews_outcome" CHECK ("outcome" IN ('favourable', 'unfavourable', 'to_continue'))
);--> statement-breakpoint
CREATE INDEX "visitor_interviews_visitor" ON "visitor_interviews" ("visitor_id", "held_on");--> statement-breakpoint

-- The documents the organisation requires (the charter with its version, the civil-liability
-- insurance with its expiry, any other listed in its settings), as received.
CREATE TABLE "visitor_documents" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "visitor_id" uuid NOT NULL REFERENCES "visitors"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "version" text,
  "provider" text,
  "received_on" date NOT NULL,
  "expires_on" date,
  "recorded_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "visitor_documents_order" CHECK ("expires_on" IS NULL OR "expires_on" >= "received_on")
);--> statement-breakpoint
CREATE INDEX "visitor_documents_visitor" ON "visitor_documents" ("visitor_id", "kind", "received_on");--> statement-breakpoint
CREATE INDEX "visitor_documents_expiry" ON "visitor_documents" ("organisation_id", "expires_on") WHERE "expires_on" IS NOT NULL;--> statement-breakpoint
INSERT INTO "visitor_documents" ("organisation_id", "visitor_id", "kind", "version", "received_on")
  SELECT "organisation_id", "id", 'charter', NULL, "charter_signed_on" FROM "visitors" WHERE "charter_signed_on" IS NOT NULL;--> statement-breakpoint
INSERT INTO "visitor_documents" ("organisation_id", "visitor_id", "kind", "provider", "received_on", "expires_on")
  SELECT "organisation_id", "id", 'insurance', "insurance_provider", least(coalesce("charter_signed_on", "commitment_start", "created_at"::date), "insurance_valid_until"), "insurance_valid_until" FROM "visitors" WHERE "insurance_valid_until" IS NOT NULL;--> statement-breakpoint

-- Training modules, the yearly seminar, practice-analysis sessions, qualifying training days and
-- tutoring meetings: dated sessions and who attended (never what was said).
CREATE TABLE "training_sessions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "local_service_id" uuid REFERENCES "local_services"("id"),
  "kind" text NOT NULL,
  "title" text NOT NULL,
  "held_on" date NOT NULL,
  "start_time" time,
  "end_time" time,
  "place" text,
  "led_by" text,
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "training_sessions_kind" CHECK ("kind" IN ('module', 'seminar', 'practice_analysis', 'qualifying_training', 'tutoring')),
  CONSTRAINT "training_sessions_order" CHECK ("start_time" IS NULL OR "end_time" IS NULL OR "start_time" < "end_time")
);--> statement-breakpoint
CREATE INDEX "training_sessions_org" ON "training_sessions" ("organisation_id", "held_on");--> statement-breakpoint
CREATE TABLE "training_attendance" (
  "session_id" uuid NOT NULL REFERENCES "training_sessions"("id") ON DELETE CASCADE,
  "visitor_id" uuid NOT NULL REFERENCES "visitors"("id") ON DELETE CASCADE,
  "status" text DEFAULT 'registered' NOT NULL,
  CONSTRAINT "training_attendance_pk" PRIMARY KEY ("session_id", "visitor_id"),
  CONSTRAINT "training_attendance_status" CHECK ("status" IN ('registered', 'attended', 'absent', 'excused'))
);--> statement-breakpoint
CREATE INDEX "training_attendance_visitor" ON "training_attendance" ("visitor_id");
