-- Neighbour help (issue 13, ADR 0034): requests posted by a senior or a carer on the public page,
-- or by an operator on the phone for them, and the occurrences of each (one for a one-off
-- request, one a week over a rolling horizon for a recurring one).
CREATE TABLE "help_requests" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "local_service_id" uuid REFERENCES "local_services"("id"),
  "person_id" uuid REFERENCES "people"("id") ON DELETE CASCADE,
  "status" text DEFAULT 'open' NOT NULL,
  "channel" text NOT NULL,
  "posted_by" text NOT NULL,
  "senior_name" text,
  "senior_phone" text,
  "person_contact_id" uuid REFERENCES "person_contacts"("id") ON DELETE SET NULL,
  "carer_name" text,
  "carer_phone" text,
  "carer_relationship" text,
  "taken_by_user_id" uuid REFERENCES "users"("id"),
  "consent_to_contact" boolean DEFAULT false NOT NULL,
  "consent_recorded_by" uuid REFERENCES "users"("id"),
  "consent_recorded_at" timestamp with time zone,
  "help_kind" text NOT NULL,
  "description" text,
  "place" text DEFAULT 'home' NOT NULL,
  "street" text,
  "postal_code" text,
  "commune_name" text,
  "destination" text,
  "urgency" text DEFAULT 'normal' NOT NULL,
  "recurrence" text NOT NULL,
  "starts_on" date NOT NULL,
  "ends_on" date,
  "weekday" smallint,
  "start_time" time NOT NULL,
  "end_time" time NOT NULL,
  "generated_until" date,
  "closed_at" timestamp with time zone,
  "closed_by" uuid REFERENCES "users"("id"),
  "created_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "help_requests_status" CHECK ("status" IN ('pending', 'open', 'closed', 'cancelled')),
  CONSTRAINT "help_requests_channel" CHECK ("channel" IN ('web', 'phone', 'staff')),
  CONSTRAINT "help_requests_posted_by" CHECK ("posted_by" IN ('person', 'carer', 'staff')),
  CONSTRAINT "help_requests_urgency" CHECK ("urgency" IN ('normal', 'soon', 'urgent')),
  CONSTRAINT "help_requests_recurrence" CHECK ("recurrence" IN ('once', 'weekly')),
  CONSTRAINT "help_requests_place" CHECK ("place" IN ('home', 'other')),
  CONSTRAINT "help_requests_weekday" CHECK ("weekday" IS NULL OR "weekday" BETWEEN 1 AND 7),
  CONSTRAINT "help_requests_times" CHECK ("start_time" < "end_time"),
  CONSTRAINT "help_requests_dates" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"),
  -- Published (open) only with the person's agreement to be put in touch, and only for a person's file.
  CONSTRAINT "help_requests_open_consent" CHECK ("status" <> 'open' OR ("consent_to_contact" AND "person_id" IS NOT NULL))
);--> statement-breakpoint
CREATE INDEX "help_requests_list" ON "help_requests" ("organisation_id", "status", "created_at");--> statement-breakpoint
CREATE INDEX "help_requests_person" ON "help_requests" ("person_id");--> statement-breakpoint
CREATE INDEX "help_requests_horizon" ON "help_requests" ("generated_until") WHERE "status" = 'open' AND "recurrence" = 'weekly';--> statement-breakpoint
CREATE TABLE "help_occurrences" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "request_id" uuid NOT NULL REFERENCES "help_requests"("id") ON DELETE CASCADE,
  "date" date NOT NULL,
  "start_time" time NOT NULL,
  "end_time" time NOT NULL,
  "status" text DEFAULT 'open' NOT NULL,
  "cancel_reason" text,
  "cancelled_at" timestamp with time zone,
  "cancelled_by" uuid REFERENCES "users"("id"),
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "help_occurrences_status" CHECK ("status" IN ('open', 'cancelled', 'done', 'no_show'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "help_occurrences_request_date" ON "help_occurrences" ("request_id", "date");--> statement-breakpoint
-- The incoming-call screen finds carers by their number (stored in E.164, as people's phones,
-- whose trigram index people_phones already serves the same search).
CREATE INDEX "person_contacts_phone" ON "person_contacts" ("phone") WHERE "phone" IS NOT NULL;
