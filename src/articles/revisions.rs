//! Revisions tell an outdated translation: each translation counts the changes to its title
//! or body (`revision`), and a translation other than the original records the revision of
//! the original it follows (`source_revision`); one that follows an older revision than the
//! original's current one is outdated. No I/O: the rules alone, tested below.

/// When an edited translation counts as following the original's current revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// When its title or body changed.
    WhenChanged,
    /// Always: a whole translation was put, which confirms it.
    Always,
}

/// A translation's revisions as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revisions {
    pub revision: i32,
    /// The original's revision it follows; `None` for the original.
    pub source_revision: Option<i32>,
}

/// The revision of a translation after an edit: one more when its title or body changed; 1
/// for a new one.
pub fn revision_after(before: Option<Revisions>, content_changed: bool) -> i32 {
    match before {
        Some(before) if content_changed => before.revision + 1,
        Some(before) => before.revision,
        None => 1,
    }
}

/// The original revision that an edited translation (not the original) follows after the
/// edit: the original's revision after it (`original`) when it changed or was put whole, else
/// the one it followed.
pub fn followed_after(
    before: Option<Revisions>,
    content_changed: bool,
    follow: Follow,
    original: i32,
) -> Option<i32> {
    if content_changed || follow == Follow::Always {
        Some(original)
    } else {
        before.and_then(|before| before.source_revision)
    }
}

/// When the original becomes another translation: what each translation follows then, and
/// the new original's revision, which is raised to 2 when a translation must stay outdated
/// (it needs a revision to lag behind). A translation that lagged behind the former original
/// stays outdated; the others follow the new original's current revision. `translations`
/// are (locale, revisions); returns the new original's revision (if it changed) and, for each
/// translation, what it follows.
pub fn follow_new_original(
    translations: &[(String, Revisions)],
    former: &str,
    original: &str,
) -> (Option<i32>, Vec<(String, Option<i32>)>) {
    let revision_of = |locale: &str| {
        translations
            .iter()
            .find(|(code, _)| code == locale)
            .map_or(1, |(_, revisions)| revisions.revision)
    };
    let former_revision = revision_of(former);
    let lagged = |locale: &str, revisions: &Revisions| {
        locale != former && revisions.source_revision.is_some_and(|s| s < former_revision)
    };
    let mut revision = revision_of(original);
    let mut raised = None;
    let any_lagged = translations
        .iter()
        .any(|(locale, revisions)| locale != original && lagged(locale, revisions));
    if any_lagged && revision < 2 {
        revision = 2;
        raised = Some(revision);
    }
    let followed = translations
        .iter()
        .map(|(locale, revisions)| {
            let source = if locale == original {
                None
            } else if lagged(locale, revisions) {
                Some(revision - 1)
            } else {
                Some(revision)
            };
            (locale.clone(), source)
        })
        .collect();
    (raised, followed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(revision: i32, source_revision: Option<i32>) -> Option<Revisions> {
        Some(Revisions {
            revision,
            source_revision,
        })
    }

    #[test]
    fn a_change_of_title_or_body_counts() {
        assert_eq!(revision_after(None, true), 1);
        assert_eq!(revision_after(at(3, None), true), 4);
        assert_eq!(
            revision_after(at(3, None), false),
            3,
            "a new slug is not a revision"
        );
    }

    #[test]
    fn a_translation_follows_the_original_when_it_changes_or_is_put_whole() {
        assert_eq!(
            followed_after(at(1, Some(1)), true, Follow::WhenChanged, 2),
            Some(2)
        );
        assert_eq!(
            followed_after(at(1, Some(1)), false, Follow::WhenChanged, 2),
            Some(1),
            "an untouched translation stays outdated"
        );
        assert_eq!(followed_after(at(1, Some(1)), false, Follow::Always, 2), Some(2));
    }

    #[test]
    fn a_new_original_keeps_what_lagged_outdated() {
        let translations = vec![
            (
                "en".to_owned(),
                Revisions {
                    revision: 3,
                    source_revision: None,
                },
            ),
            (
                "ru".to_owned(),
                Revisions {
                    revision: 1,
                    source_revision: Some(3),
                },
            ),
            (
                "uz".to_owned(),
                Revisions {
                    revision: 1,
                    source_revision: Some(2),
                },
            ),
        ];
        let (raised, followed) = follow_new_original(&translations, "en", "ru");
        assert_eq!(
            raised,
            Some(2),
            "a lagging translation needs a revision to lag behind"
        );
        assert_eq!(
            followed,
            vec![
                ("en".to_owned(), Some(2)),
                ("ru".to_owned(), None),
                ("uz".to_owned(), Some(1)),
            ]
        );
        let current = vec![
            (
                "en".to_owned(),
                Revisions {
                    revision: 3,
                    source_revision: None,
                },
            ),
            (
                "ru".to_owned(),
                Revisions {
                    revision: 4,
                    source_revision: Some(3),
                },
            ),
        ];
        assert_eq!(
            follow_new_original(&current, "en", "ru"),
            (None, vec![("en".to_owned(), Some(4)), ("ru".to_owned(), None)])
        );
    }
}
