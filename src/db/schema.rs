// @generated automatically by Diesel CLI.

diesel::table! {
    /// Every change that can change what search finds, by trigger (see its migration).
    search_changes (seq) {
        seq -> BigInt,
        article_id -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    /// The search log's identity, and how far its old rows were removed.
    search_lineage (id) {
        id -> Integer,
        lineage -> Text,
        pruned_through -> BigInt,
    }
}

diesel::table! {
    write_probes (name) {
        name -> Text,
        written_at -> Timestamp,
    }
}

diesel::table! {
    widgets (kind, key) {
        kind -> Text,
        key -> Text,
        data -> Text,
        observed_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    related_computed (article_id, locale, rank) {
        article_id -> Text,
        locale -> Text,
        rank -> Integer,
        related_id -> Text,
        score -> Double,
    }
}

diesel::table! {
    related_pins (article_id, position) {
        article_id -> Text,
        position -> Integer,
        related_id -> Text,
    }
}

diesel::table! {
    related_terms (locale, term, weight, article_id) {
        locale -> Text,
        term -> Text,
        weight -> Double,
        article_id -> Text,
    }
}

diesel::table! {
    related_vectors (article_id, locale) {
        article_id -> Text,
        locale -> Text,
        vector -> Text,
        words -> Text,
        fingerprint -> Text,
    }
}

diesel::table! {
    related_words (locale, term) {
        locale -> Text,
        term -> Text,
        documents -> BigInt,
    }
}

diesel::table! {
    related_corpus (locale) {
        locale -> Text,
        documents -> BigInt,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        at -> Timestamp,
        key_id -> Text,
        action -> Text,
        resource -> Text,
        target -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        prefix -> Text,
        secret_hash -> Binary,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    article_slug_history (locale, slug) {
        locale -> Text,
        slug -> Text,
        article_id -> Text,
        retired_at -> Timestamp,
    }
}

diesel::table! {
    article_translations (article_id, locale) {
        article_id -> Text,
        locale -> Text,
        slug -> Text,
        title -> Text,
        excerpt -> Text,
        excerpt_is_derived -> Bool,
        body -> Text,
        body_html -> Text,
        reading_time_minutes -> Integer,
        revision -> Integer,
        source_revision -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    article_views_daily (article_id, day) {
        article_id -> Text,
        day -> Date,
        views -> Integer,
    }
}

diesel::table! {
    article_views_hourly (article_id, hour) {
        article_id -> Text,
        hour -> Timestamp,
        views -> Integer,
    }
}

diesel::table! {
    articles (id) {
        id -> Text,
        category_id -> Text,
        status -> Text,
        original_locale -> Text,
        published_at -> Nullable<Timestamp>,
        featured -> Bool,
        cover_url -> Nullable<Text>,
        cover_alt -> Nullable<Text>,
        cover_width -> Nullable<Integer>,
        cover_height -> Nullable<Integer>,
        source_name -> Nullable<Text>,
        source_url -> Nullable<Text>,
        view_count -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    categories (id) {
        id -> Text,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        created_by -> Nullable<Text>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    category_translations (category_id, locale) {
        category_id -> Text,
        locale -> Text,
        slug -> Text,
        name -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    instance_secrets (name) {
        name -> Text,
        value -> Binary,
    }
}

diesel::table! {
    locale_fallbacks (locale_code, position) {
        locale_code -> Text,
        position -> Integer,
        fallback_code -> Text,
    }
}

diesel::table! {
    locales (code) {
        code -> Text,
        name -> Text,
        english_name -> Text,
        is_default -> Bool,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        transliterate_from -> Nullable<Text>,
    }
}

diesel::table! {
    spellings (cyrillic) {
        cyrillic -> Text,
        latin -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    message_keys (key) {
        key -> Text,
        description -> Text,
        plural -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    messages (locale, key) {
        locale -> Text,
        key -> Text,
        value -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(messages -> message_keys (key));
diesel::joinable!(messages -> locales (locale));
diesel::joinable!(article_slug_history -> articles (article_id));
diesel::joinable!(article_slug_history -> locales (locale));
diesel::joinable!(article_translations -> api_keys (updated_by));
diesel::joinable!(article_views_daily -> articles (article_id));
diesel::joinable!(article_views_hourly -> articles (article_id));
diesel::joinable!(article_translations -> articles (article_id));
diesel::joinable!(article_translations -> locales (locale));
diesel::joinable!(articles -> categories (category_id));
diesel::joinable!(articles -> locales (original_locale));
diesel::joinable!(category_translations -> categories (category_id));
diesel::joinable!(category_translations -> locales (locale));

diesel::joinable!(audit_log -> api_keys (key_id));
diesel::joinable!(related_terms -> articles (article_id));
diesel::joinable!(related_vectors -> articles (article_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_keys,
    audit_log,
    article_slug_history,
    article_translations,
    article_views_daily,
    article_views_hourly,
    articles,
    categories,
    category_translations,
    instance_secrets,
    locale_fallbacks,
    locales,
    message_keys,
    messages,
    related_computed,
    related_corpus,
    related_pins,
    related_terms,
    related_vectors,
    related_words,
    spellings,
);
