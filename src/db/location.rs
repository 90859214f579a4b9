//! Where the database is: a SQLite file, or a PostgreSQL server, told apart by the URL.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A database to open: `newsroom.db` or `sqlite://newsroom.db` is a SQLite file (created when
/// missing); `postgres://user:password@host:port/name` (or `postgresql://`) a PostgreSQL
/// database, in libpq's URL syntax.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// The URL with its password hidden, for logs and messages.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) => redact_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`, and a `password=`
/// query parameter likewise.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(end) => rest.split_at(end),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let parameters: Vec<String> = query
                .split('&')
                .map(|parameter| match parameter.split_once('=') {
                    Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=***"),
                    _ => parameter.to_owned(),
                })
                .collect();
            format!("{path}?{}", parameters.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl FromStr for Location {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Self::Postgres(text.to_owned()));
        }
        let path = if lower.starts_with("sqlite://") {
            &text["sqlite://".len()..]
        } else if lower.starts_with("sqlite:") {
            &text["sqlite:".len()..]
        } else if lower.contains("://") {
            return Err(format!(
                "`{}` is neither a SQLite file (`newsroom.db`, `sqlite://newsroom.db`) nor a \
                 PostgreSQL URL (`postgres://user:password@host/name`)",
                redact_password(text)
            ));
        } else {
            text
        };
        if path.is_empty() {
            return Err("the SQLite database's path is empty".to_owned());
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend() {
        assert_eq!("newsroom.db".parse(), Ok(Location::Sqlite("newsroom.db".into())));
        assert_eq!(
            "sqlite://data/n.db".parse(),
            Ok(Location::Sqlite("data/n.db".into()))
        );
        assert_eq!(
            "sqlite:/var/n.db".parse(),
            Ok(Location::Sqlite("/var/n.db".into()))
        );
        assert_eq!(
            "postgresql://u@h/db".parse(),
            Ok(Location::Postgres("postgresql://u@h/db".into()))
        );
        assert!("mysql://u@h/db".parse::<Location>().is_err());
        assert!("sqlite://".parse::<Location>().is_err());
    }

    #[test]
    fn passwords_are_never_shown() {
        let location: Location = "postgres://news:s3cret@db.local:5432/news?password=x&sslmode=disable"
            .parse()
            .unwrap();
        let shown = location.to_string();
        assert!(!shown.contains("s3cret") && !shown.contains("=x"), "{shown}");
        assert_eq!(
            shown,
            "postgres://news:***@db.local:5432/news?password=***&sslmode=disable"
        );
        assert_eq!(format!("{location:?}"), shown);
    }
}
