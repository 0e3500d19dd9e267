-- How to address a person or a user (issue 11): "madame", "monsieur", or null when not known
-- (the wording is then neutral). Role names and agreements follow it: Coordinatrice, née,
-- prévenue. Filled from what is already known: a person's or a visitor's recorded gender.
ALTER TABLE "people" ADD COLUMN "form_of_address" text;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_form_of_address" CHECK ("form_of_address" IN ('madame', 'monsieur'));--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "form_of_address" text;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_form_of_address" CHECK ("form_of_address" IN ('madame', 'monsieur'));--> statement-breakpoint
UPDATE "people" SET "form_of_address" = CASE "gender" WHEN 'female' THEN 'madame' WHEN 'male' THEN 'monsieur' END WHERE "gender" IN ('female', 'male');--> statement-breakpoint
UPDATE "users" u SET "form_of_address" = CASE v."gender" WHEN 'female' THEN 'madame' WHEN 'male' THEN 'monsieur' END FROM "visitors" v WHERE v."id" = u."visitor_id" AND v."gender" IN ('female', 'male');
