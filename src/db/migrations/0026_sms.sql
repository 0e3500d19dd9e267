-- SMS over SMPP (issue 13, ADR 0032). `sms_outbox`: an SMS is written in the transaction of the
-- change that causes it and sent by the `sms-send` job, claimed once, as the e-mail outbox (ADR
-- 0015); the operator's delivery receipt is kept on it. `sms_inbound`: every SMS received, matched
-- to the organisation that wrote to that number, and what was done with it.
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"text" text NOT NULL,
	"person_id" uuid,
	"visitor_id" uuid,
	"reply_key" text,
	"replied_at" timestamp with time zone,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"message_id" text,
	"delivery_status" text,
	"delivery_error" text,
	"receipt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_outbox_status_check" CHECK ("sms_outbox"."status" in ('pending', 'sending', 'sent', 'failed')),
	CONSTRAINT "sms_outbox_one_subject" CHECK ("sms_outbox"."person_id" is null or "sms_outbox"."visitor_id" is null)
);
--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_outbox_status" ON "sms_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_message" ON "sms_outbox" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_recipient" ON "sms_outbox" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_person" ON "sms_outbox" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_visitor" ON "sms_outbox" USING btree ("visitor_id");--> statement-breakpoint
CREATE TABLE "sms_inbound" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid,
	"sender" text NOT NULL,
	"recipient" text NOT NULL,
	"text" text NOT NULL,
	"outbox_id" uuid,
	"reply_key" text,
	"dispatch" text NOT NULL,
	"dispatch_note" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_inbound_dispatch" CHECK ("sms_inbound"."dispatch" in ('unmatched', 'not_awaited', 'no_handler', 'handled', 'refused', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "sms_inbound" ADD CONSTRAINT "sms_inbound_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_inbound" ADD CONSTRAINT "sms_inbound_outbox_id_sms_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."sms_outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_inbound_sender" ON "sms_inbound" USING btree ("sender","received_at");--> statement-breakpoint
CREATE INDEX "sms_inbound_outbox" ON "sms_inbound" USING btree ("outbox_id");
