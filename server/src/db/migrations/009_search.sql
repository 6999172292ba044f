-- Full-text search over a user's own messages (issue 14): accents ignored, French and English stems.
-- unaccent is a trusted contrib extension (a database owner may create it); the embedded PGlite loads
-- it as a bundled extension. Where it cannot be created, search still works, only accents then count.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'unaccent is not available (%): search will not ignore accents', SQLERRM;
END $$;

-- Three configurations, each words lowercased and (when unaccent exists) stripped of accents first:
-- simple keeps whole words (what prefix matching while typing needs), english and french add stems
-- (so "bikes" finds "bike" and "chevaux" finds "cheval").
CREATE TEXT SEARCH CONFIGURATION parley_simple (COPY = simple);
CREATE TEXT SEARCH CONFIGURATION parley_english (COPY = english);
CREATE TEXT SEARCH CONFIGURATION parley_french (COPY = french);
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    ALTER TEXT SEARCH CONFIGURATION parley_simple ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    ALTER TEXT SEARCH CONFIGURATION parley_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    ALTER TEXT SEARCH CONFIGURATION parley_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    ALTER TEXT SEARCH CONFIGURATION parley_simple ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
    ALTER TEXT SEARCH CONFIGURATION parley_english ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
    ALTER TEXT SEARCH CONFIGURATION parley_french ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple;
  END IF;
END $$;

-- One document per message: the three configurations' lexemes together. Stored, so ranking reads it
-- rather than parsing every matching body again; a deletion clears the body and with it the vector.
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (
  to_tsvector('parley_simple', body) || to_tsvector('parley_english', body) || to_tsvector('parley_french', body)
) STORED;
CREATE INDEX messages_search ON messages USING gin (search) WHERE deleted_at IS NULL;

-- Listing titles and people's names are searched too, among the caller's own conversations only
-- (never through an index over everyone's): stored beside them so a search does not parse each again.
ALTER TABLE conversations ADD COLUMN listing_search tsvector GENERATED ALWAYS AS (
  to_tsvector('parley_simple', coalesce(listing_title, '')) || to_tsvector('parley_english', coalesce(listing_title, ''))
  || to_tsvector('parley_french', coalesce(listing_title, ''))
) STORED;
ALTER TABLE users ADD COLUMN name_search tsvector GENERATED ALWAYS AS (to_tsvector('parley_simple', coalesce(name, ''))) STORED;
