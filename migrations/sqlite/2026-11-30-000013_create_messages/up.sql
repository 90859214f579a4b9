-- The interface's own words ("Today", "Similar news", "2 hours ago"): the keys a front-end
-- asks for, each either one text or, when `plural`, a text per CLDR plural category.
CREATE TABLE message_keys (
    key         TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    description TEXT NOT NULL DEFAULT '',
    plural      BOOLEAN NOT NULL DEFAULT 0 CHECK (plural IN (0, 1)),
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A key's text in one locale: `value` is JSON, a string, or for a plural key an object of
-- forms by category (`{"one": "{n} hour ago", "other": "{n} hours ago"}`).
CREATE TABLE messages (
    locale     TEXT NOT NULL REFERENCES locales (code) ON DELETE CASCADE ON UPDATE CASCADE,
    key        TEXT NOT NULL REFERENCES message_keys (key) ON DELETE CASCADE,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (locale, key)
);

-- The keys relative times are written with, with their text in the locales a newsroom
-- starts with (those it still serves).
INSERT INTO message_keys (key, description, plural) VALUES
    ('just_now', 'A time less than a minute ago', 0),
    ('minutes_ago', 'A time {n} minutes ago, under an hour', 1),
    ('hours_ago', 'A time {n} hours ago, under a day', 1),
    ('yesterday', 'A time one to two days ago', 0),
    ('days_ago', 'A time {n} days ago, under a month', 1),
    ('months_ago', 'A time {n} months ago, under a year', 1),
    ('years_ago', 'A time {n} years ago', 1);

INSERT INTO messages (locale, key, value, created_at, updated_at)
SELECT seeded.column1, seeded.column2, seeded.column3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
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
) AS seeded
JOIN locales ON locales.code = seeded.column1;
