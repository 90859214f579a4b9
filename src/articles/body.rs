//! What is derived from an article's Markdown body: its sanitized HTML, its excerpt and its
//! reading time. Derived once when the body is written, so reads only fetch them.

use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// An excerpt is cut to about this many characters, at a word boundary.
pub const EXCERPT_CHARS: usize = 200;

/// Average adult reading speed, in words a minute, for `reading_time_minutes`.
const WORDS_PER_MINUTE: usize = 200;

fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// The sanitizer: ammonia's allow-list (no scripts, event handlers, `style`, or URLs other than
/// http, https, mailto and the like), with `rel="noopener noreferrer"` on links.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(ammonia::Builder::default)
}

/// Renders Markdown to HTML that is safe to insert into a page as it is.
pub fn render_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, markdown_options()));
    sanitizer().clean(&html).to_string()
}

/// A Markdown document's text as it reads, in parts: its text and code, and a space where
/// blocks, list items, table cells and lines meet.
fn text_parts(markdown: &str) -> impl Iterator<Item = CowStr<'_>> {
    Parser::new_ext(markdown, markdown_options()).filter_map(|event| match event {
        Event::Text(part) | Event::Code(part) => Some(part),
        Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::Start(Tag::Item)
        | Event::End(
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item | TagEnd::BlockQuote(_),
        ) => Some(CowStr::Borrowed(" ")),
        _ => None,
    })
}

/// The readable text of a Markdown document: no markup, blocks separated by a space, runs of
/// whitespace collapsed.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    // Whitespace is collapsed as it is written: a space is held back until a word follows.
    let mut pending = false;
    for part in text_parts(markdown) {
        for (index, piece) in part.split(char::is_whitespace).enumerate() {
            // Pieces after the first each follow a whitespace character.
            pending |= index > 0;
            if !piece.is_empty() {
                if pending && !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(piece);
                pending = false;
            }
        }
    }
    text
}

/// An excerpt of a Markdown body: its plain text, cut at the last word boundary within
/// [`EXCERPT_CHARS`] characters, with an ellipsis when the cut falls inside a sentence.
pub fn excerpt(markdown: &str) -> String {
    let text = plain_text(markdown);
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let limit = text
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..limit];
    let cut = match head.rfind(' ') {
        // The limit falls right at a word's end: keep that word.
        _ if text[limit..].starts_with(' ') => head,
        Some(space) if space > 0 => &head[..space],
        // One very long word: cut inside it rather than return nothing.
        _ => head,
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-'));
    if cut.ends_with(['.', '!', '?', '…']) {
        // A whole sentence needs no ellipsis.
        cut.to_owned()
    } else {
        format!("{cut}…")
    }
}

/// Minutes an average reader needs for the body; at least one for any text.
pub fn reading_time_minutes(markdown: &str) -> i32 {
    let words = plain_text(markdown).split_whitespace().count();
    if words == 0 {
        return 0;
    }
    words.div_ceil(WORDS_PER_MINUTE).max(1) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_cut_at_a_word_boundary() {
        let body = "The escalation of the situation in the Middle East has caused significant \
            changes in the oil market. This was reported by Zamin.uz.\n\nAt the start of trading, \
            the price of Brent crude oil exceeded $80 per barrel for the first time this year.";
        let excerpt = excerpt(body);
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 1, "{excerpt}");
        assert!(excerpt.ends_with('…'));
        assert!(
            body.replace("\n\n", " ")
                .starts_with(excerpt.trim_end_matches('…'))
        );
        assert!(excerpt.starts_with("The escalation"));
    }

    #[test]
    fn excerpt_cut_after_a_sentence_gets_no_ellipsis() {
        // 199 characters of words, a full stop as the 200th, then more text.
        let body = format!("{}. Next sentence goes on and on.", "Word ".repeat(40).trim_end());
        let excerpt = excerpt(&body);
        assert_eq!(excerpt.chars().count(), 200, "{excerpt}");
        assert!(excerpt.ends_with("Word."), "{excerpt}");
    }

    #[test]
    fn short_excerpt_is_the_whole_text_without_markup() {
        assert_eq!(
            excerpt("**Gold** prices rose.\n\n> Banks report demand."),
            "Gold prices rose. Banks report demand."
        );
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_time_minutes(""), 0);
        assert_eq!(reading_time_minutes("one word"), 1);
        assert_eq!(reading_time_minutes(&"word ".repeat(201)), 2);
    }

    #[test]
    fn html_is_rendered_and_sanitized() {
        let html = render_html("Hello *world* <script>alert(1)</script> [x](javascript:alert(1))");
        assert!(html.contains("<em>world</em>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    /// Pieces of Markdown and HTML that try to make a page run script, mixed with text.
    fn hostile_markdown() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<script>alert(1)</script>".to_owned()),
            Just("<SCRIPT SRC=//evil.example/x.js></SCRIPT>".to_owned()),
            Just("<img src=x onerror=alert(1)>".to_owned()),
            Just("<svg onload=alert(1)><script>1</script></svg>".to_owned()),
            Just("<iframe src=\"javascript:alert(1)\"></iframe>".to_owned()),
            Just("<object data=x></object><embed src=x>".to_owned()),
            Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
            Just("<a href=\"JaVaScRiPt&colon;alert(1)\">x</a>".to_owned()),
            Just("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>".to_owned()),
            Just("[link](javascript:alert(1))".to_owned()),
            Just("[link](vbscript:msgbox)".to_owned()),
            Just("![img](javascript:alert(1) \"t\")".to_owned()),
            Just("<style>*{}</style><link rel=stylesheet href=x>".to_owned()),
            Just("<div style=\"background:url(javascript:1)\" onclick=\"x\">d</div>".to_owned()),
            Just("<form action=x><input onfocus=x autofocus></form>".to_owned()),
            Just("<math><mtext><table><mglyph><style><img src=x onerror=1>".to_owned()),
            Just("<noscript><p title=\"</noscript><img src=x onerror=1>\">".to_owned()),
            Just("<!--<script>--><script>1</script>".to_owned()),
            Just("<<script>script>1<</script>/script>".to_owned()),
            Just("\n\n```\n<script>1</script>\n```\n\n".to_owned()),
            Just("<meta http-equiv=refresh content=\"0;url=javascript:1\">".to_owned()),
            Just("<base href=\"javascript:/\">".to_owned()),
            "[ -~\n]{0,40}",
            "\\PC{0,20}",
        ];
        proptest::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
    }

    /// What in parsed HTML could run script or reach outside the page unasked.
    fn dangers(html: &str) -> Vec<String> {
        let fragment = scraper::Html::parse_fragment(html);
        let mut found = Vec::new();
        for node in fragment.tree.nodes() {
            let Some(element) = node.value().as_element() else {
                continue;
            };
            let name = element.name();
            if matches!(
                name,
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "style"
                    | "link"
                    | "meta"
                    | "base"
                    | "form"
                    | "input"
                    | "svg"
                    | "math"
                    | "frame"
                    | "frameset"
                    | "applet"
            ) {
                found.push(format!("<{name}>"));
            }
            for (attribute, value) in element.attrs() {
                let attribute = attribute.to_ascii_lowercase();
                let value: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if attribute.starts_with("on") || attribute == "style" {
                    found.push(format!("{name}[{attribute}]"));
                }
                if matches!(
                    attribute.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href"
                ) && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| value.starts_with(scheme))
                {
                    found.push(format!("{name}[{attribute}={value}]"));
                }
            }
        }
        found
    }

    proptest! {
        #[test]
        fn no_script_survives_rendering(markdown in hostile_markdown()) {
            let html = super::render_html(&markdown);
            let found = dangers(&html);
            prop_assert!(found.is_empty(), "{found:?} in {html}");
        }

        /// The plain text is the document's parts with each run of whitespace, across parts,
        /// made one space, and none at either end.
        #[test]
        fn plain_text_collapses_whitespace_across_parts(
            markdown in proptest::collection::vec(
                prop_oneof![
                    Just("**bold**ly ".to_owned()),
                    Just("\n\n- item\n- `code`\n\n".to_owned()),
                    Just("# Title\n".to_owned()),
                    Just("> quote\u{a0}\u{2003}\n".to_owned()),
                    Just("| a | b |\n|---|---|\n| c | d |\n".to_owned()),
                    Just("line  \nbreak\t\r\n---\n".to_owned()),
                    "[ -~\n]{0,40}",
                    "\\PC{0,20}",
                ],
                1..12,
            ).prop_map(|pieces| pieces.concat())
        ) {
            let raw: String = super::text_parts(&markdown).map(|part| part.into_string()).collect();
            let expected = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(super::plain_text(&markdown), expected);
        }
    }
}
