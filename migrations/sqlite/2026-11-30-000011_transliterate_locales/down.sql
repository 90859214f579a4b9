ALTER TABLE locales DROP COLUMN transliterate_from;
