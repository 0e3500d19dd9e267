-- The professionals' directory, "voisins pro actifs" (issue 13, ADR 0035): paid services kept
-- apart from volunteers, the communes each one serves, and the yearly "is this still right?"
-- links e-mailed to them (only the token's hash is stored).
CREATE TABLE "professionals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
	"trade" text NOT NULL,
	"business_name" text NOT NULL,
	"contact_name" text,
	"phone" text NOT NULL,
	"email" text,
	"website" text,
	"street" text,
	"postal_code" text,
	"commune_name" text,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"works_public_holidays" boolean DEFAULT false NOT NULL,
	"last_checked_on" date,
	"checked_by" uuid REFERENCES "users"("id"),
	"checked_via" text,
	"notes" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "professionals_checked_via" CHECK ("checked_via" is null or "checked_via" in ('staff', 'link'))
);--> statement-breakpoint
CREATE INDEX "professionals_org_trade" ON "professionals" ("organisation_id", "trade", "business_name");--> statement-breakpoint
CREATE INDEX "professionals_check_due" ON "professionals" ("last_checked_on") WHERE "active" and "email" is not null;--> statement-breakpoint
CREATE TABLE "professional_communes" (
	"professional_id" uuid NOT NULL REFERENCES "professionals"("id") ON DELETE cascade,
	"organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
	"department_code" text NOT NULL,
	"commune_name" text NOT NULL,
	"postal_code" text NOT NULL,
	CONSTRAINT "professional_communes_pk" PRIMARY KEY ("professional_id", "department_code", "commune_name")
);--> statement-breakpoint
CREATE INDEX "professional_communes_commune" ON "professional_communes" ("organisation_id", "department_code", "commune_name");--> statement-breakpoint
CREATE TABLE "professional_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL REFERENCES "organisations"("id"),
	"professional_id" uuid NOT NULL REFERENCES "professionals"("id") ON DELETE cascade,
	"token_hash" text NOT NULL,
	"recipient" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer" text,
	CONSTRAINT "professional_checks_answer" CHECK ("answer" is null or "answer" in ('confirmed', 'corrected'))
);--> statement-breakpoint
CREATE UNIQUE INDEX "professional_checks_token" ON "professional_checks" ("token_hash");--> statement-breakpoint
CREATE INDEX "professional_checks_professional" ON "professional_checks" ("professional_id", "created_at");
