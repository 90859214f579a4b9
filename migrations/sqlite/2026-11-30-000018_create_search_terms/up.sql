-- The words of the search index, each once, as its tokenizer holds them (lowercased, Latin
-- letters without their diacritics). A search's last word matches as typed so far: the words
-- it starts are looked up here and searched for as words, which FTS5 does far faster than the
-- prefix itself, for which it merges every such word's list in full. Words are added as texts
-- are indexed and not taken out: a word no text holds any more matches nothing.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE temp.article_search_words USING fts5vocab(main, article_search, row);
INSERT INTO search_terms (term) SELECT term FROM temp.article_search_words;
DROP TABLE temp.article_search_words;
