//! The API's routes as the OpenAPI document lists them: which template a path falls under
//! (`/api/v1/articles/{article}`), and which methods it takes. The template is looked up once a
//! request, by comparing segments (no regular expression), and left in the request's extensions
//! for the middleware that label, cache or trim by route.

use std::sync::Arc;

use actix_web::HttpMessage;
use actix_web::dev::ServiceRequest;
use actix_web::guard::GuardContext;

/// One segment of a template.
#[derive(Debug)]
enum Segment {
    Literal(String),
    /// A parameter (`{article}`), which takes any one segment; or one with a literal ending
    /// (`{month}.xml`), which takes a segment with that ending and more before it.
    Parameter {
        suffix: String,
    },
}

impl Segment {
    fn of(text: &str) -> Self {
        match text.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
            Some((name, suffix)) if !name.is_empty() && !suffix.contains(['{', '}']) => Self::Parameter {
                suffix: suffix.to_owned(),
            },
            _ => Self::Literal(text.to_owned()),
        }
    }
}

/// One template, split at its slashes.
#[derive(Debug)]
struct Template {
    text: Arc<str>,
    segments: Vec<Segment>,
    methods: Vec<String>,
}

impl Template {
    /// How many literal segments `path`'s segments match, if they all do.
    fn matches(&self, segments: &[&str]) -> Option<usize> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut literal = 0;
        for (expected, given) in self.segments.iter().zip(segments) {
            match expected {
                Segment::Literal(expected) if expected == given => literal += 1,
                Segment::Literal(_) => return None,
                Segment::Parameter { suffix } => match given.strip_suffix(suffix.as_str()) {
                    Some(value) if !value.is_empty() => {}
                    _ => return None,
                },
            }
        }
        Some(literal)
    }
}

/// The route a request falls under, once looked up.
#[derive(Debug, Clone)]
pub struct Route(pub Arc<str>);

/// Every route of the document.
#[derive(Debug, Default)]
pub struct Routes(Vec<Template>);

impl Routes {
    /// From the operations of the document: each path template with the methods it takes
    /// (`HEAD` too, wherever `GET` is).
    pub fn new(operations: Vec<(String, Vec<String>)>) -> Self {
        Self(
            operations
                .into_iter()
                .map(|(path, mut methods)| {
                    if methods.iter().any(|method| method == "GET") {
                        methods.insert(1, "HEAD".to_owned());
                    }
                    let segments = path.split('/').map(Segment::of).collect();
                    Template {
                        text: Arc::from(path),
                        segments,
                        methods,
                    }
                })
                .collect(),
        )
    }

    fn find(&self, path: &str) -> Option<&Template> {
        let segments: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter_map(|template| Some((template.matches(&segments)?, template)))
            .max_by_key(|(literal, _)| *literal)
            .map(|(_, template)| template)
    }

    /// The template `path` falls under.
    pub fn template_of(&self, path: &str) -> Option<Arc<str>> {
        self.find(path).map(|template| template.text.clone())
    }

    /// The methods the route of `path` takes, if a route takes it.
    pub fn methods_at(&self, path: &str) -> Option<&[String]> {
        self.find(path).map(|template| template.methods.as_slice())
    }

    /// Looks up `request`'s route and leaves it in its extensions.
    pub fn mark(&self, request: &ServiceRequest) -> Option<Arc<str>> {
        let template = self.template_of(request.path())?;
        request.extensions_mut().insert(Route(template.clone()));
        Some(template)
    }
}

/// Whether the request falls under `template` in the document, as [`Routes::mark`] found: a
/// guard for a route whose path a more literal one shadows (`/messages/{locale}` and
/// `/messages/format`), so that the literal path's other methods are a 405, not this route's.
pub fn falls_under(context: &GuardContext<'_>, template: &str) -> bool {
    context
        .req_data()
        .get::<Route>()
        .is_some_and(|route| &*route.0 == template)
}

/// The route [`Routes::mark`] left on `request`.
pub fn route_of(request: &ServiceRequest) -> Option<Arc<str>> {
    request.extensions().get::<Route>().map(|route| route.0.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        Routes::new(vec![
            ("/api/v1/articles".into(), vec!["GET".into(), "POST".into()]),
            ("/api/v1/articles/{article}".into(), vec!["GET".into()]),
            ("/api/v1/articles/{article}/related".into(), vec!["GET".into()]),
            ("/api/v1/articles/{article}/views".into(), vec!["POST".into()]),
            ("/sitemaps/articles/{month}.xml".into(), vec!["GET".into()]),
        ])
    }

    #[test]
    fn a_path_falls_under_the_most_literal_template_that_matches() {
        let routes = routes();
        assert_eq!(
            routes.template_of("/api/v1/articles/iran/related").as_deref(),
            Some("/api/v1/articles/{article}/related")
        );
        assert_eq!(
            routes.template_of("/api/v1/articles/iran").as_deref(),
            Some("/api/v1/articles/{article}")
        );
        assert_eq!(
            routes.template_of("/api/v1/articles").as_deref(),
            Some("/api/v1/articles")
        );
        assert_eq!(routes.template_of("/api/v1/articles/").as_deref(), None);
        assert_eq!(
            routes.template_of("/sitemaps/articles/2026-03.xml").as_deref(),
            Some("/sitemaps/articles/{month}.xml")
        );
        assert_eq!(routes.template_of("/sitemaps/articles/.xml"), None);
        assert_eq!(routes.template_of("/sitemaps/articles/2026-03.json"), None);
        assert_eq!(routes.template_of("/api/v1/articles/a/b/c"), None);
        assert_eq!(
            routes.methods_at("/api/v1/articles/x"),
            Some(&["GET".to_owned(), "HEAD".to_owned()][..])
        );
        assert_eq!(
            routes.methods_at("/api/v1/articles/x/views"),
            Some(&["POST".to_owned()][..])
        );
    }
}
