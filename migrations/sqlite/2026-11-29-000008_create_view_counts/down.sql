DROP TABLE article_views_daily;
DROP TABLE article_views_hourly;
