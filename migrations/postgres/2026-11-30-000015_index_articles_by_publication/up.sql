-- The sitemap index counts each month's public articles and finds the latest change among
-- them: with `updated_at` in the index, from the index alone.
CREATE INDEX articles_by_publication ON articles (status, published_at, updated_at);
