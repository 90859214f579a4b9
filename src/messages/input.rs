//! The JSON the editorial API accepts for messages and their keys.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::messages::service::MAX_KEY_CHARS;
use crate::patterns;

use crate::messages::value::MessageValue;

/// A key's message in one locale (the locale and the key are in the path).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"value": {"one": "{n} час назад", "few": "{n} часа назад", "many": "{n} часов назад", "other": "{n} часа назад"}}))]
pub struct MessageBody {
    /// A string, or for a plural key its forms: exactly those the locale's plural rules use.
    pub value: MessageValue,
}

/// Changes to a locale's messages, by key, as a JSON merge patch: a key given a message is
/// written, a key given `null` loses its text in the locale, a key left out stays as it is.
#[derive(Debug, Clone, Deserialize)]
pub struct MessagesPatch(pub BTreeMap<String, Option<MessageValue>>);

impl PartialSchema for MessagesPatch {
    fn schema() -> RefOr<Schema> {
        let message_or_null = OneOfBuilder::new()
            .item(Ref::from_schema_name(MessageValue::name()))
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build();
        let key = ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_KEY_CHARS))
            .pattern(Some(patterns::MESSAGE_KEY));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property_names(Some(key))
            .additional_properties(Some(Schema::OneOf(message_or_null)))
            .description(Some(
                "Changes to a locale's messages, by key, as a JSON merge patch: a key given a \
                 message is written, a key given `null` loses its text in the locale, a key left \
                 out stays as it is.",
            ))
            .examples([json!({"today": "Сегодня", "hours_ago": {"one": "{n} час назад", "few": "{n} часа назад", "many": "{n} часов назад", "other": "{n} часа назад"}, "weather_fog": null})])
            .into()
    }
}

impl ToSchema for MessagesPatch {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            MessageValue::name().into_owned(),
            <MessageValue as PartialSchema>::schema(),
        ));
        <MessageValue as ToSchema>::schemas(schemas);
    }
}

/// A message key (the key is in the path).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"description": "The heading of the list of related articles", "plural": false}))]
pub struct MessageKeyBody {
    /// What the message is for, for translators; empty when left out.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub description: String,
    /// Whether its messages have forms by plural category (`{n} hours ago`). It cannot change
    /// while the key has messages.
    pub plural: bool,
}
