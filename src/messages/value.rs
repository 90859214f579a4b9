//! A message's text: one string, or for a plural key one string per CLDR plural category.
//! `{n}` in a text stands for the number it is formatted with.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};

/// The most characters a text (or one form) holds.
pub const MAX_TEXT_CHARS: usize = 1000;

/// What stands for the number in a text.
pub const NUMBER: &str = "{n}";

/// A message: a string, or (for a plural key) its forms by CLDR plural category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageValue {
    /// The text of a key that is not plural.
    Text(String),
    Forms(PluralForms),
}

impl utoipa::PartialSchema for MessageValue {
    fn schema() -> RefOr<Schema> {
        let text = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_TEXT_CHARS))
            .pattern(Some("\\S"))
            .description(Some("The text of a key that is not plural"))
            .examples([serde_json::json!("Similar news")]);
        OneOfBuilder::new()
            .item(text)
            .item(Ref::from_schema_name(PluralForms::name()))
            .description(Some(
                "A message: a string, or for a plural key its forms by CLDR plural category \
                 (`{n}` stands for the number)",
            ))
            .into()
    }
}

impl ToSchema for MessageValue {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            PluralForms::name().into_owned(),
            <PluralForms as utoipa::PartialSchema>::schema(),
        ));
        <PluralForms as ToSchema>::schemas(schemas);
    }
}

/// A plural message's forms, by CLDR plural category: those the locale's rules use, no other
/// (Russian `one`, `few`, `many`, `other`; English and Uzbek `one`, `other`). `{n}` stands for
/// the number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"one": "{n} час назад", "few": "{n} часа назад", "many": "{n} часов назад", "other": "{n} часа назад"}))]
pub struct PluralForms {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub zero: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub one: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub two: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub few: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub many: Option<String>,
    /// Every locale's rules have `other`.
    #[schema(min_length = 1, max_length = 1000, pattern = "\\S")]
    pub other: String,
}

impl PluralForms {
    /// The forms given, by category name, in CLDR's order.
    pub fn given(&self) -> Vec<(&'static str, &str)> {
        [
            ("zero", self.zero.as_deref()),
            ("one", self.one.as_deref()),
            ("two", self.two.as_deref()),
            ("few", self.few.as_deref()),
            ("many", self.many.as_deref()),
            ("other", Some(self.other.as_str())),
        ]
        .into_iter()
        .filter_map(|(name, text)| Some((name, text?)))
        .collect()
    }

    /// The form of `category` (a CLDR name); `other` when it has none.
    pub fn form(&self, category: &str) -> &str {
        let form = match category {
            "zero" => self.zero.as_deref(),
            "one" => self.one.as_deref(),
            "two" => self.two.as_deref(),
            "few" => self.few.as_deref(),
            "many" => self.many.as_deref(),
            _ => None,
        };
        form.unwrap_or(&self.other)
    }

    fn map(&self, f: impl Fn(&str) -> String) -> Self {
        let each = |form: &Option<String>| form.as_deref().map(&f);
        Self {
            zero: each(&self.zero),
            one: each(&self.one),
            two: each(&self.two),
            few: each(&self.few),
            many: each(&self.many),
            other: f(&self.other),
        }
    }
}

impl MessageValue {
    /// The same message with each text written anew by `f` (transliterated), what stands for
    /// the number left as it is.
    pub fn map_text(&self, f: impl Fn(&str) -> String) -> Self {
        let outside_placeholders = |text: &str| rewrite_outside_braces(text, &f);
        match self {
            Self::Text(text) => Self::Text(outside_placeholders(text)),
            Self::Forms(forms) => Self::Forms(forms.map(outside_placeholders)),
        }
    }
}

/// `text` with the parts outside `{...}` written anew by `f`.
fn rewrite_outside_braces(text: &str, f: &impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|at| open + at) else {
            break;
        };
        out.push_str(&f(&rest[..open]));
        out.push_str(&rest[open..=close]);
        rest = &rest[close + 1..];
    }
    out.push_str(&f(rest));
    out
}

/// `text` with `{n}` replaced by `n`.
pub fn with_number(text: &str, n: u64) -> String {
    text.replace(NUMBER, &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_left_as_they_are() {
        let value = MessageValue::Text("{n} soat {n}".into());
        let upper = value.map_text(|text| text.to_uppercase());
        assert_eq!(upper, MessageValue::Text("{n} SOAT {n}".into()));
        let unclosed = MessageValue::Text("a {b".into()).map_text(|text| text.to_uppercase());
        assert_eq!(unclosed, MessageValue::Text("A {B".into()));
    }

    #[test]
    fn a_missing_form_is_other() {
        let forms = PluralForms {
            one: Some("{n} hour ago".into()),
            other: "{n} hours ago".into(),
            ..PluralForms::default()
        };
        assert_eq!(forms.form("few"), "{n} hours ago");
        assert_eq!(with_number(forms.form("one"), 1), "1 hour ago");
        assert_eq!(
            forms.given(),
            [("one", "{n} hour ago"), ("other", "{n} hours ago")]
        );
    }
}
