CREATE TABLE categories (
    id         TEXT PRIMARY KEY NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Menus list categories in editorial order.
CREATE INDEX categories_menu_order ON categories (position, id);

-- A category's name, description and slug in one locale.
CREATE TABLE category_translations (
    category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    -- Lowercase ASCII letters, digits and hyphens: what URLs and lookups expect.
    slug        TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 120 AND slug NOT GLOB '*[^a-z0-9-]*'),
    name        TEXT NOT NULL CHECK (length(name) > 0),
    description TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (category_id, locale)
);

CREATE UNIQUE INDEX category_translations_locale_slug ON category_translations (locale, slug);
-- `?category=` accepts a slug of any locale.
CREATE INDEX category_translations_slug ON category_translations (slug);
