-- Views counted by the page's beacon, by hour (for "most read in the last 24 hours") and by day
-- (for longer windows). `articles.view_count` keeps the total.
CREATE TABLE article_views_hourly (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    hour       TIMESTAMP NOT NULL,
    views      INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (article_id, hour)
) WITHOUT ROWID;

CREATE TABLE article_views_daily (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    day        DATE NOT NULL,
    views      INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (article_id, day)
) WITHOUT ROWID;

-- "Most read" sums a window of buckets across articles.
CREATE INDEX article_views_hourly_by_hour ON article_views_hourly (hour, article_id, views);
CREATE INDEX article_views_daily_by_day ON article_views_daily (day, article_id, views);
