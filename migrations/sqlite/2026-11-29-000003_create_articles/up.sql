-- What is shared by every language version of an article.
--
-- `scheduled` is not stored: an article is scheduled while its status is 'published' and its
-- `published_at` is still in the future, so it goes public at that moment with no job to run.
CREATE TABLE articles (
    id              TEXT PRIMARY KEY NOT NULL,
    category_id     TEXT NOT NULL REFERENCES categories (id),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    original_locale TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    published_at    TIMESTAMP,
    featured        BOOLEAN NOT NULL DEFAULT 0 CHECK (featured IN (0, 1)),
    cover_url       TEXT,
    cover_alt       TEXT,
    cover_width     INTEGER CHECK (cover_width > 0),
    cover_height    INTEGER CHECK (cover_height > 0),
    source_name     TEXT,
    source_url      TEXT,
    view_count      BIGINT NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (status <> 'published' OR published_at IS NOT NULL)
);

-- The public feeds, newest first: all articles, a category's, and the featured ones. Each read
-- filters on `status = 'published' AND published_at <= now` and walks one of these in order.
CREATE INDEX articles_feed ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_category_feed ON articles (category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_featured_feed ON articles (featured, status, published_at DESC, id DESC);

-- One language version of an article. `revision` counts changes to its title and body; a
-- translation remembers the original's revision it was made from (`source_revision`, NULL on
-- the original itself) and is outdated once the original moves past it.
CREATE TABLE article_translations (
    article_id           TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale               TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    -- Lowercase ASCII letters, digits and hyphens: what URLs and lookups expect.
    slug                 TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 120 AND slug NOT GLOB '*[^a-z0-9-]*'),
    title                TEXT NOT NULL CHECK (length(title) > 0),
    excerpt              TEXT NOT NULL,
    excerpt_is_derived   BOOLEAN NOT NULL DEFAULT 1 CHECK (excerpt_is_derived IN (0, 1)),
    body                 TEXT NOT NULL,
    body_html            TEXT NOT NULL,
    reading_time_minutes INTEGER NOT NULL CHECK (reading_time_minutes >= 0),
    revision             INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    source_revision      INTEGER CHECK (source_revision >= 1),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, locale)
);

CREATE UNIQUE INDEX article_translations_locale_slug ON article_translations (locale, slug);
-- `/articles/{slug}` accepts a slug of any locale.
CREATE INDEX article_translations_slug ON article_translations (slug);
