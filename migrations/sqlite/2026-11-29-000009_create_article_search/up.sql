-- Full-text search over each translation's title, excerpt and body (as plain text). A row's
-- rowid is its translation's rowid in `article_translations`. The text is indexed folded: the
-- apostrophes of Uzbek (o‘, g‘, the tutuq belgisi) and their look-alikes are removed, so that
-- `o‘zbek`, `o'zbek`, `oʻzbek` and `ozbek` are one word. unicode61 folds case and diacritics for
-- Latin and Cyrillic alike. Contentless: the text itself stays in `article_translations`, where
-- snippets are cut from. Rows change in the same transaction as their translation.
CREATE VIRTUAL TABLE article_search USING fts5(
    title,
    excerpt,
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
