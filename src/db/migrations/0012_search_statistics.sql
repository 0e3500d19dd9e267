-- Statistics on the searched expressions (issue 10). Without them the planner guesses that any
-- LIKE '%word%' keeps 1 % of an organisation's people, so for a rare name it walks the sorted
-- list index hoping to find a page of matches early, and reads all 100,000 rows (1.7 s) instead
-- of asking the trigram index (1 ms). With them it estimates from a sample of the real values.
-- The expressions are those of the indexes of 0011 and of the list queries: change them together.
CREATE STATISTICS "people_search_stats" ON (search_key("last_name" || ' ' || "first_name" || ' ' || coalesce("birth_name", '') || ' ' || coalesce("commune_name", ''))) FROM "people";--> statement-breakpoint
CREATE STATISTICS "people_phones_stats" ON (("phones"::text)) FROM "people";--> statement-breakpoint
CREATE STATISTICS "visitors_search_stats" ON (search_key("last_name" || ' ' || "first_name" || ' ' || coalesce("commune_name", '') || ' ' || coalesce("email", ''))) FROM "visitors";--> statement-breakpoint
CREATE STATISTICS "users_search_stats" ON (search_key("display_name" || ' ' || "email")) FROM "users";--> statement-breakpoint
ANALYZE "people", "visitors", "users";
