//! The workflow of an article: draft, published (now or, scheduled, at a time to come),
//! archived; and the stored status and publish time that a request asking for one gets.
//! No I/O: the rules alone, tested below.

use chrono::NaiveDateTime;

use crate::articles::queries::{ARCHIVED, DRAFT, PUBLISHED};
use crate::articles::views::ArticleStatus;
use crate::checks::Checks;

/// Where an article stands in its workflow, as stored: a scheduled article is a published
/// one whose `published_at` is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Published,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => DRAFT,
            Self::Published => PUBLISHED,
            Self::Archived => ARCHIVED,
        }
    }
}

/// An article as stored, for the workflow: its status at the time of the request, and its
/// publish time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub status: ArticleStatus,
    pub published_at: Option<NaiveDateTime>,
}

/// The stored status and publish time an article gets from a request asking for `requested`
/// and `published_at` (given as `null`: `Some(None)`), `current` being where it stands (none
/// for a new article). What can't be is a failed check on `published_at`.
pub fn schedule(
    requested: Option<ArticleStatus>,
    published_at: Option<Option<NaiveDateTime>>,
    current: Option<Stage>,
    now: NaiveDateTime,
    checks: &mut Checks,
) -> (Status, Option<NaiveDateTime>) {
    let current_at = current.and_then(|stage| stage.published_at);
    let at = published_at.unwrap_or(current_at);
    match requested
        .or(current.map(|stage| stage.status))
        .unwrap_or(ArticleStatus::Draft)
    {
        ArticleStatus::Draft => (Status::Draft, at),
        ArticleStatus::Archived => (Status::Archived, at),
        ArticleStatus::Published => match published_at {
            Some(Some(at)) if at > now => {
                checks.fail(
                    "published_at",
                    "is in the future: set `status` to `scheduled` to publish the article at that time",
                );
                (Status::Published, Some(at))
            }
            Some(Some(at)) => (Status::Published, Some(at)),
            // `published_at: null` asks for now.
            Some(None) => (Status::Published, Some(now)),
            // Publishing again keeps the time the article first went public; else it is now.
            None => match current_at {
                Some(at) if at <= now => (Status::Published, Some(at)),
                _ => (Status::Published, Some(now)),
            },
        },
        ArticleStatus::Scheduled => match at {
            Some(at) if at > now => (Status::Published, Some(at)),
            _ => {
                checks.fail(
                    "published_at",
                    "must be a time in the future for a scheduled article",
                );
                (Status::Published, at)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration};

    use super::*;

    fn now() -> NaiveDateTime {
        DateTime::from_timestamp(1_772_000_000, 0).unwrap().naive_utc()
    }

    fn stage(status: ArticleStatus, published_at: Option<NaiveDateTime>) -> Option<Stage> {
        Some(Stage { status, published_at })
    }

    fn run(
        requested: Option<ArticleStatus>,
        published_at: Option<Option<NaiveDateTime>>,
        current: Option<Stage>,
    ) -> ((Status, Option<NaiveDateTime>), bool) {
        let mut checks = Checks::new();
        let outcome = schedule(requested, published_at, current, now(), &mut checks);
        (outcome, checks.finish(Some(())).is_ok())
    }

    #[test]
    fn a_new_article_is_a_draft_unless_asked_otherwise() {
        assert_eq!(run(None, None, None), ((Status::Draft, None), true));
        assert_eq!(
            run(Some(ArticleStatus::Published), None, None),
            ((Status::Published, Some(now())), true)
        );
    }

    #[test]
    fn publishing_again_keeps_the_first_time_it_went_public() {
        let first = now() - Duration::days(3);
        assert_eq!(
            run(
                Some(ArticleStatus::Published),
                None,
                stage(ArticleStatus::Draft, Some(first))
            ),
            ((Status::Published, Some(first)), true)
        );
        assert_eq!(
            run(
                Some(ArticleStatus::Published),
                Some(None),
                stage(ArticleStatus::Draft, Some(first))
            ),
            ((Status::Published, Some(now())), true),
            "`published_at: null` asks for now"
        );
    }

    #[test]
    fn a_time_to_come_is_for_a_scheduled_article_only() {
        let later = now() + Duration::hours(2);
        assert_eq!(
            run(Some(ArticleStatus::Scheduled), Some(Some(later)), None),
            ((Status::Published, Some(later)), true)
        );
        assert!(!run(Some(ArticleStatus::Published), Some(Some(later)), None).1);
        assert!(
            !run(Some(ArticleStatus::Scheduled), None, None).1,
            "scheduled needs a time"
        );
        assert!(
            !run(
                Some(ArticleStatus::Scheduled),
                Some(Some(now() - Duration::hours(1))),
                None
            )
            .1,
            "and a time to come"
        );
    }

    #[test]
    fn an_edit_that_asks_for_no_status_keeps_the_articles() {
        let later = now() + Duration::hours(2);
        assert_eq!(
            run(None, None, stage(ArticleStatus::Scheduled, Some(later))),
            ((Status::Published, Some(later)), true)
        );
        assert_eq!(
            run(None, None, stage(ArticleStatus::Archived, Some(now()))),
            ((Status::Archived, Some(now())), true)
        );
    }
}
