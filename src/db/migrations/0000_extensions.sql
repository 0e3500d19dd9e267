-- unaccent gives accent-insensitive search ("Helene" finds "Hélène"); pg_trgm keeps it fast.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads a dictionary); this IMMUTABLE wrapper, bound to the
-- default dictionary, lets us index it. Safe because we never change the dictionary.
CREATE OR REPLACE FUNCTION search_key(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
