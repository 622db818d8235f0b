//! Schema shapes the OpenAPI document states once and many fields refer to: the rule of a name,
//! and a level that goes alone or with a territory's id.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};

/// What `Name::parse` accepts: 1 to 500 characters, something besides spaces, no control
/// characters. Fields carry it as `#[schema(value_type = NameText)]`.
#[derive(Debug)]
pub(crate) struct NameText;

const NAME_PATTERN: &str =
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$";

impl utoipa::PartialSchema for NameText {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(500))
            .pattern(Some(NAME_PATTERN))
            .description(Some("A name: 1 to 500 characters, not only spaces, no control characters."))
            .into()
    }
}

impl utoipa::ToSchema for NameText {
    fn name() -> Cow<'static, str> {
        "NameText".into()
    }
}

/// `{"level": <one of alone>}` or `{"level": <one of with_id>, "id": <uuid>}`: a scope or an
/// owner, as the server reads it.
pub(crate) fn level_and_id(alone: &[&str], with_id: &[&str], description: &str) -> RefOr<Schema> {
    let level = |levels: &[&str]| ObjectBuilder::new().schema_type(Type::String).enum_values(Some(levels.to_vec()));
    let bare = ObjectBuilder::new()
        .property("level", level(alone))
        .required("level")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    let uuid =
        ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
    let territory = ObjectBuilder::new()
        .property("level", level(with_id))
        .required("level")
        .property("id", uuid)
        .required("id")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    OneOfBuilder::new().item(bare).item(territory).description(Some(description)).into()
}
