DROP TABLE article_translations;
DROP TABLE articles;
