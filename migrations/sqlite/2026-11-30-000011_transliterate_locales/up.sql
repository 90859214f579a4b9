-- A locale may be served by transliterating another one's text when it has none of its own:
-- Uzbek in Cyrillic from Uzbek in Latin, and the other way round.
ALTER TABLE locales ADD COLUMN transliterate_from TEXT
    REFERENCES locales (code) ON DELETE SET NULL ON UPDATE CASCADE
    CHECK (transliterate_from IS NULL OR transliterate_from <> code);
