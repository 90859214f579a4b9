DROP TABLE messages, message_keys, spellings, related_pins, related_computed, related_terms,
    related_corpus, related_words, related_vectors, article_search, article_views_daily,
    article_views_hourly, audit_log, article_slug_history, article_translations, articles,
    category_translations, categories, api_keys, instance_secrets, locale_fallbacks, locales;
