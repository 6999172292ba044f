-- Muting is per member: a muted conversation sends its member no email, sound or desktop alert.
ALTER TABLE members ADD COLUMN muted boolean NOT NULL DEFAULT false;
