DROP INDEX articles_search_eligibility;
DROP TABLE search_texts;
