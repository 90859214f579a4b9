DROP TABLE related_pins;
DROP TABLE related_computed;
DROP TABLE related_terms;
DROP TABLE related_vectors;
DROP TABLE related_corpus;
DROP TABLE related_words;
