DROP TABLE related_pins;
DROP TABLE related_computed;
DROP TABLE related_terms;
DROP TABLE related_vectors;
DROP TABLE article_search_vocabulary;
