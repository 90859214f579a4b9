-- Full-text search over each translation's title, excerpt and body (as plain text). A row's
-- rowid is its translation's rowid in `article_translations`. The text is stored folded: the
-- apostrophes of Uzbek (o‘, g‘, the tutuq belgisi) and their look-alikes are removed, so that
-- `o‘zbek`, `o'zbek`, `oʻzbek` and `ozbek` are one word. unicode61 folds case and diacritics for
-- Latin and Cyrillic alike. Rows change in the same transaction as their translation.
CREATE VIRTUAL TABLE article_search USING fts5(
    title,
    excerpt,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
