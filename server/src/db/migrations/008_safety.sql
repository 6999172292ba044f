-- Trust and safety (contract section 11): sites' masking and warning settings, what a send masked and
-- warns of, and whom a report is about (with a moderator's decision) so repeated reports limit a user.

ALTER TABLE sites
  ADD COLUMN contact_masking text NOT NULL DEFAULT 'off' CHECK (contact_masking IN ('off', 'mask')),
  ADD COLUMN help_url        text,
  -- ISO 3166 code of the country numbers without a country code are read in; NULL: FR.
  ADD COLUMN phone_country   text,
  -- Phrases per warning code and link shorteners the site adds to the shipped rules.
  ADD COLUMN safety_rules    jsonb NOT NULL DEFAULT '{}';

ALTER TABLE messages
  ADD COLUMN masked   boolean NOT NULL DEFAULT false,
  ADD COLUMN warnings text[]  NOT NULL DEFAULT '{}';

-- The member reported (the other party of the reporter's conversation), and when a moderator decided.
ALTER TABLE reports
  ADD COLUMN reported_id text,
  ADD COLUMN resolved_at timestamptz;
UPDATE reports r SET reported_id = CASE WHEN c.buyer_id = r.reporter_id THEN c.seller_id ELSE c.buyer_id END
FROM conversations c WHERE c.id = r.conversation_id;
CREATE INDEX reports_open_by_reported ON reports (site_id, reported_id) WHERE resolved_at IS NULL;
