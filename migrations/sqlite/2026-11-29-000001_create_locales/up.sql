-- The languages content is written in. `code` is a BCP 47 tag (`en`, `uz-Cyrl`).
CREATE TABLE locales (
    code         TEXT PRIMARY KEY NOT NULL CHECK (length(code) BETWEEN 2 AND 35),
    name         TEXT NOT NULL CHECK (length(name) > 0),
    english_name TEXT NOT NULL CHECK (length(english_name) > 0),
    is_default   BOOLEAN NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- At most one default locale; the application keeps it at exactly one.
CREATE UNIQUE INDEX locales_single_default ON locales (is_default) WHERE is_default = 1;

-- A locale's fallback chain, tried in `position` order when content is missing in that locale.
CREATE TABLE locale_fallbacks (
    locale_code   TEXT NOT NULL REFERENCES locales (code) ON DELETE CASCADE ON UPDATE CASCADE,
    position      INTEGER NOT NULL,
    fallback_code TEXT NOT NULL REFERENCES locales (code) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (locale_code, position),
    UNIQUE (locale_code, fallback_code),
    CHECK (fallback_code <> locale_code)
);

-- The locales of an Uzbek newsroom: Uzbek in both scripts, Russian and English.
INSERT INTO locales (code, name, english_name, is_default, position) VALUES
    ('en', 'English', 'English', 1, 1),
    ('ru', 'Русский', 'Russian', 0, 2),
    ('uz', 'O‘zbekcha', 'Uzbek (Latin)', 0, 3),
    ('uz-Cyrl', 'Ўзбекча', 'Uzbek (Cyrillic)', 0, 4);

INSERT INTO locale_fallbacks (locale_code, position, fallback_code) VALUES
    ('ru', 1, 'en'),
    ('uz', 1, 'ru'),
    ('uz', 2, 'en'),
    ('uz-Cyrl', 1, 'uz'),
    ('uz-Cyrl', 2, 'ru'),
    ('uz-Cyrl', 3, 'en');
