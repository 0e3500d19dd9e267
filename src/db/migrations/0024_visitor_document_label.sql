-- Issue 12, the volunteer's journey: a document outside the organisation's required list (kind
-- 'other') is named by whoever records it ("Extrait de casier judiciaire", "Permis de conduire").
ALTER TABLE "visitor_documents" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "visitor_documents" ADD CONSTRAINT "visitor_documents_other_label" CHECK ("kind" <> 'other' OR "label" IS NOT NULL);
