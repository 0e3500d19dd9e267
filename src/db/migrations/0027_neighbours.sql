-- Neighbour help (issue 13, ADR 0033): an active neighbour is a visitor with the role
-- 'neighbour_help' (the journey of ADR 0029 applies unchanged); a visitor keeps the role 'visits'
-- to be proposed by the visit matching and planned. Existing visitors all visit.
ALTER TABLE "visitors" ADD COLUMN "roles" text[] DEFAULT '{visits}' NOT NULL;--> statement-breakpoint
ALTER TABLE "visitors" ADD CONSTRAINT "visitors_roles" CHECK (cardinality("roles") >= 1 AND "roles" <@ ARRAY['visits', 'neighbour_help']::text[]);--> statement-breakpoint
CREATE INDEX "visitors_neighbours" ON "visitors" ("organisation_id") WHERE 'neighbour_help' = ANY("roles");--> statement-breakpoint

-- The kinds of help an organisation's neighbours offer and people ask for: a list each
-- organisation extends, renames and deactivates (a code once used is never reused nor deleted).
CREATE TABLE "help_kinds" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "code" text NOT NULL,
  "label" text NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "position" smallint NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "help_kinds_code" CHECK ("code" ~ '^[a-z][a-z0-9_]{1,39}$')
);--> statement-breakpoint
CREATE UNIQUE INDEX "help_kinds_org_code" ON "help_kinds" ("organisation_id", "code");--> statement-breakpoint
-- The defaults of issue 13, for the organisations that exist (new ones get them when created).
INSERT INTO "help_kinds" ("organisation_id", "code", "label", "position")
  SELECT o."id", k."code", k."label", k."position" FROM "organisations" o CROSS JOIN (VALUES
    ('shopping', 'Courses', 1),
    ('appointment', 'Transport ou accompagnement à un rendez-vous', 2),
    ('company', 'Compagnie', 3),
    ('phone_calls', 'Appels téléphoniques', 4),
    ('small_repairs', 'Petits travaux', 5),
    ('gardening', 'Jardinage', 6),
    ('paperwork', 'Démarches administratives', 7),
    ('digital_help', 'Aide numérique', 8)
  ) AS k("code", "label", "position");--> statement-breakpoint

-- What an active neighbour offers, how far they go from home (the visitor's located address),
-- how many helps a week at most and how they want to be told. Their weekly availability is the
-- visitor's (visitor_availability).
CREATE TABLE "neighbour_profiles" (
  "visitor_id" uuid PRIMARY KEY NOT NULL REFERENCES "visitors"("id") ON DELETE CASCADE,
  "organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
  "offers" text[] DEFAULT '{}' NOT NULL,
  "max_distance_km" smallint NOT NULL,
  "weekly_limit" smallint DEFAULT 2 NOT NULL,
  "notify_by" text NOT NULL,
  "notes" text,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "neighbour_profiles_distance" CHECK ("max_distance_km" BETWEEN 1 AND 50),
  CONSTRAINT "neighbour_profiles_weekly_limit" CHECK ("weekly_limit" BETWEEN 1 AND 21),
  CONSTRAINT "neighbour_profiles_notify_by" CHECK ("notify_by" IN ('email', 'sms', 'phone_call'))
);--> statement-breakpoint
CREATE INDEX "neighbour_profiles_org" ON "neighbour_profiles" ("organisation_id");--> statement-breakpoint
CREATE INDEX "neighbour_profiles_offers" ON "neighbour_profiles" USING gin ("offers");
