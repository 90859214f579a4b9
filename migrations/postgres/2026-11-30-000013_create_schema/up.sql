-- The whole schema on PostgreSQL, as the SQLite migrations up to this version leave it: the
-- same tables, columns and constraints (one Diesel schema serves both), with PostgreSQL's
-- own types and its full-text search. Later migrations come in pairs, one for each backend,
-- with the same version.

-- Search folds accents away, as SQLite's tokenizer does. A trusted extension: the database's
-- owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- The languages content is written in. `code` is a BCP 47 tag (`en`, `uz-Cyrl`). A locale may
-- be served by transliterating another one's text when it has none of its own.
CREATE TABLE locales (
    code               TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 35),
    name               TEXT NOT NULL CHECK (length(name) > 0),
    english_name       TEXT NOT NULL CHECK (length(english_name) > 0),
    is_default         BOOLEAN NOT NULL DEFAULT false,
    position           INTEGER NOT NULL DEFAULT 0,
    created_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at         TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    transliterate_from TEXT REFERENCES locales (code) ON DELETE SET NULL ON UPDATE CASCADE
        CHECK (transliterate_from IS NULL OR transliterate_from <> code)
);

-- At most one default locale; the application keeps it at exactly one.
CREATE UNIQUE INDEX locales_single_default ON locales (is_default) WHERE is_default;

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
    ('en', 'English', 'English', true, 1),
    ('ru', 'Русский', 'Russian', false, 2),
    ('uz', 'O‘zbekcha', 'Uzbek (Latin)', false, 3),
    ('uz-Cyrl', 'Ўзбекча', 'Uzbek (Cyrillic)', false, 4);

INSERT INTO locale_fallbacks (locale_code, position, fallback_code) VALUES
    ('ru', 1, 'en'),
    ('uz', 1, 'ru'),
    ('uz', 2, 'en'),
    ('uz-Cyrl', 1, 'uz'),
    ('uz-Cyrl', 2, 'ru'),
    ('uz-Cyrl', 3, 'en');

-- Secrets that belong to this database, made once when it is created. `cursor_key` signs the
-- pagination cursors handed to clients, so a forged or edited cursor is recognised: 32 bytes
-- from two version 4 UUIDs (PostgreSQL's strong random source).
CREATE TABLE instance_secrets (
    name  TEXT PRIMARY KEY,
    value BYTEA NOT NULL CHECK (length(value) >= 32)
);

INSERT INTO instance_secrets (name, value)
VALUES ('cursor_key', sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')));

-- Keys for the editorial API. Only a hash of each key is kept: the key itself is shown once,
-- when it is made. `prefix` is the key's public part, by which a presented key is found.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role         TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  BYTEA NOT NULL CHECK (length(secret_hash) = 32),
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

-- A name belongs to one live key at a time; a revoked key's name can be given again.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;

CREATE TABLE categories (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by TEXT REFERENCES api_keys (id),
    updated_by TEXT REFERENCES api_keys (id)
);

-- Menus list categories in editorial order.
CREATE INDEX categories_menu_order ON categories (position, id);

-- A category's name, description and slug in one locale.
CREATE TABLE category_translations (
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    -- Lowercase ASCII letters, digits and hyphens: what URLs and lookups expect.
    slug        TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 120 AND slug ~ '^[a-z0-9-]+$'),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (category_id, locale)
);

CREATE UNIQUE INDEX category_translations_locale_slug ON category_translations (locale, slug);
-- `?category=` accepts a slug of any locale.
CREATE INDEX category_translations_slug ON category_translations (slug);

-- What is shared by every language version of an article. An article is scheduled while its
-- status is 'published' and its `published_at` is still in the future.
CREATE TABLE articles (
    id              TEXT PRIMARY KEY,
    category_id     TEXT NOT NULL REFERENCES categories (id),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    original_locale TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    published_at    TIMESTAMP,
    featured        BOOLEAN NOT NULL DEFAULT false,
    cover_url       TEXT,
    cover_alt       TEXT,
    cover_width     INTEGER CHECK (cover_width > 0),
    cover_height    INTEGER CHECK (cover_height > 0),
    source_name     TEXT,
    source_url      TEXT,
    view_count      BIGINT NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by      TEXT REFERENCES api_keys (id),
    updated_by      TEXT REFERENCES api_keys (id),
    CHECK (status <> 'published' OR published_at IS NOT NULL)
);

-- The public feeds, newest first, and the editors' view (`preview=true`), most recently
-- changed first.
CREATE INDEX articles_feed ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_category_feed ON articles (category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_featured_feed ON articles (featured, status, published_at DESC, id DESC);
CREATE INDEX articles_recently_changed ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_status_recently_changed ON articles (status, updated_at DESC, id DESC);

-- One language version of an article. `revision` counts changes to its title and body; a
-- translation remembers the original's revision it was made from (`source_revision`, NULL on
-- the original itself) and is outdated once the original moves past it. `seq` numbers
-- translations in the order they were first written, as SQLite's rowid does: search ranks
-- among the newest texts by it.
CREATE TABLE article_translations (
    article_id           TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale               TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    slug                 TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 120 AND slug ~ '^[a-z0-9-]+$'),
    title                TEXT NOT NULL CHECK (length(title) > 0),
    excerpt              TEXT NOT NULL,
    excerpt_is_derived   BOOLEAN NOT NULL DEFAULT true,
    body                 TEXT NOT NULL,
    body_html            TEXT NOT NULL,
    reading_time_minutes INTEGER NOT NULL CHECK (reading_time_minutes >= 0),
    revision             INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    source_revision      INTEGER CHECK (source_revision >= 1),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    updated_by           TEXT REFERENCES api_keys (id),
    seq                  BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (article_id, locale)
);

CREATE UNIQUE INDEX article_translations_locale_slug ON article_translations (locale, slug);
-- `/articles/{slug}` accepts a slug of any locale.
CREATE INDEX article_translations_slug ON article_translations (slug);

-- A slug a translation no longer has. It keeps resolving to its article until another article
-- takes it as its current slug.
CREATE TABLE article_slug_history (
    locale     TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    slug       TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    retired_at TIMESTAMP NOT NULL,
    PRIMARY KEY (locale, slug)
);

CREATE INDEX article_slug_history_slug ON article_slug_history (slug);
CREATE INDEX article_slug_history_article ON article_slug_history (article_id);

-- Every write through the editorial API, with the key that made it.
CREATE TABLE audit_log (
    id       INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at       TIMESTAMP NOT NULL,
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL CHECK (resource IN (
        'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key'
    )),
    -- The id (or code) of what was written; `<article id>/<locale>` for a translation,
    -- `<locale>/<key>` for a message.
    target   TEXT NOT NULL
);

CREATE INDEX audit_log_key ON audit_log (key_id, at);
CREATE INDEX audit_log_target ON audit_log (resource, target, at);

-- Views counted by the page's beacon, by hour (for "most read in the last 24 hours") and by day
-- (for longer windows). `articles.view_count` keeps the total.
CREATE TABLE article_views_hourly (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       TIMESTAMP NOT NULL,
    views      INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (article_id, hour)
);

CREATE TABLE article_views_daily (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    views      INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (article_id, day)
);

-- "Most read" sums a window of buckets across articles.
CREATE INDEX article_views_hourly_by_hour ON article_views_hourly (hour, article_id, views);
CREATE INDEX article_views_daily_by_day ON article_views_daily (day, article_id, views);

-- Full-text search over each translation's title (weight A), excerpt (B) and body (D), as
-- plain text folded as SQLite's index folds it: Uzbek's apostrophes removed, accents removed
-- (`unaccent`), split into words at every other mark. One row a translation, by its `seq`.
CREATE TABLE article_search (
    seq      BIGINT PRIMARY KEY REFERENCES article_translations (seq) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);

CREATE INDEX article_search_document ON article_search USING GIN (document);

-- Related articles ("Similar news"): each published translation's words of most weight, the
-- words' document counts, the inverted index, the computed lists and the editors' pins.
CREATE TABLE related_vectors (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    vector      TEXT NOT NULL,
    words       TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (article_id, locale)
);

CREATE TABLE related_words (
    locale    TEXT NOT NULL,
    term      TEXT NOT NULL,
    documents BIGINT NOT NULL CHECK (documents > 0),
    PRIMARY KEY (locale, term)
);

CREATE TABLE related_corpus (
    locale    TEXT PRIMARY KEY,
    documents BIGINT NOT NULL CHECK (documents >= 0)
);

-- Each word's articles, strongest first (the key read backwards).
CREATE TABLE related_terms (
    locale     TEXT NOT NULL,
    term       TEXT NOT NULL,
    weight     DOUBLE PRECISION NOT NULL CHECK (weight > 0),
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (locale, term, weight, article_id)
);

CREATE INDEX related_terms_article ON related_terms (article_id);

CREATE TABLE related_computed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    rank       INTEGER NOT NULL CHECK (rank >= 1),
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    score      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, locale, rank)
);

CREATE INDEX related_computed_by_related ON related_computed (related_id);

CREATE TABLE related_pins (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position),
    UNIQUE (article_id, related_id),
    CHECK (related_id <> article_id)
);

CREATE INDEX related_pins_related ON related_pins (related_id);

-- The publisher's words that transliteration between Uzbek's scripts spells otherwise than
-- its rules would: each word in Cyrillic, lowercase, with its Latin spelling.
CREATE TABLE spellings (
    cyrillic   TEXT PRIMARY KEY CHECK (length(cyrillic) BETWEEN 1 AND 64),
    latin      TEXT NOT NULL CHECK (length(latin) BETWEEN 1 AND 64),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The interface's own words: the keys a front-end asks for, each either one text or, when
-- `plural`, a text per CLDR plural category.
CREATE TABLE message_keys (
    key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
    description TEXT NOT NULL DEFAULT '',
    plural      BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A key's text in one locale: `value` is JSON, a string or an object of forms by category.
CREATE TABLE messages (
    locale     TEXT NOT NULL REFERENCES locales (code) ON DELETE CASCADE ON UPDATE CASCADE,
    key        TEXT NOT NULL REFERENCES message_keys (key) ON DELETE CASCADE,
    value      TEXT NOT NULL CHECK (value::jsonb IS NOT NULL),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (locale, key)
);

-- The keys relative times are written with, with their text in the locales a newsroom
-- starts with.
INSERT INTO message_keys (key, description, plural) VALUES
    ('just_now', 'A time less than a minute ago', false),
    ('minutes_ago', 'A time {n} minutes ago, under an hour', true),
    ('hours_ago', 'A time {n} hours ago, under a day', true),
    ('yesterday', 'A time one to two days ago', false),
    ('days_ago', 'A time {n} days ago, under a month', true),
    ('months_ago', 'A time {n} months ago, under a year', true),
    ('years_ago', 'A time {n} years ago', true);

INSERT INTO messages (locale, key, value, created_at, updated_at)
SELECT seeded.locale, seeded.key, seeded.value, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (VALUES
    ('en', 'just_now', '"Just now"'),
    ('en', 'minutes_ago', '{"one": "{n} minute ago", "other": "{n} minutes ago"}'),
    ('en', 'hours_ago', '{"one": "{n} hour ago", "other": "{n} hours ago"}'),
    ('en', 'yesterday', '"Yesterday"'),
    ('en', 'days_ago', '{"one": "{n} day ago", "other": "{n} days ago"}'),
    ('en', 'months_ago', '{"one": "{n} month ago", "other": "{n} months ago"}'),
    ('en', 'years_ago', '{"one": "{n} year ago", "other": "{n} years ago"}'),
    ('ru', 'just_now', '"Только что"'),
    ('ru', 'minutes_ago', '{"one": "{n} минуту назад", "few": "{n} минуты назад", "many": "{n} минут назад", "other": "{n} минуты назад"}'),
    ('ru', 'hours_ago', '{"one": "{n} час назад", "few": "{n} часа назад", "many": "{n} часов назад", "other": "{n} часа назад"}'),
    ('ru', 'yesterday', '"Вчера"'),
    ('ru', 'days_ago', '{"one": "{n} день назад", "few": "{n} дня назад", "many": "{n} дней назад", "other": "{n} дня назад"}'),
    ('ru', 'months_ago', '{"one": "{n} месяц назад", "few": "{n} месяца назад", "many": "{n} месяцев назад", "other": "{n} месяца назад"}'),
    ('ru', 'years_ago', '{"one": "{n} год назад", "few": "{n} года назад", "many": "{n} лет назад", "other": "{n} года назад"}'),
    ('uz', 'just_now', '"Hozirgina"'),
    ('uz', 'minutes_ago', '{"one": "{n} daqiqa oldin", "other": "{n} daqiqa oldin"}'),
    ('uz', 'hours_ago', '{"one": "{n} soat oldin", "other": "{n} soat oldin"}'),
    ('uz', 'yesterday', '"Kecha"'),
    ('uz', 'days_ago', '{"one": "{n} kun oldin", "other": "{n} kun oldin"}'),
    ('uz', 'months_ago', '{"one": "{n} oy oldin", "other": "{n} oy oldin"}'),
    ('uz', 'years_ago', '{"one": "{n} yil oldin", "other": "{n} yil oldin"}'),
    ('uz-Cyrl', 'just_now', '"Ҳозиргина"'),
    ('uz-Cyrl', 'minutes_ago', '{"one": "{n} дақиқа олдин", "other": "{n} дақиқа олдин"}'),
    ('uz-Cyrl', 'hours_ago', '{"one": "{n} соат олдин", "other": "{n} соат олдин"}'),
    ('uz-Cyrl', 'yesterday', '"Кеча"'),
    ('uz-Cyrl', 'days_ago', '{"one": "{n} кун олдин", "other": "{n} кун олдин"}'),
    ('uz-Cyrl', 'months_ago', '{"one": "{n} ой олдин", "other": "{n} ой олдин"}'),
    ('uz-Cyrl', 'years_ago', '{"one": "{n} йил олдин", "other": "{n} йил олдин"}')
) AS seeded (locale, key, value)
JOIN locales ON locales.code = seeded.locale;
