//! The published contracts, generated from the code: `opora export-schema` writes them to
//! `schema/`, and a test fails when the committed files differ.

use crate::state::ApiConfig;

/// The OpenAPI 3.1 document, pretty-printed.
pub fn openapi_json() -> String {
    let mut text = crate::rest::api().1.to_pretty_json().expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

/// The GraphQL schema in SDL.
pub fn graphql_sdl() -> String {
    crate::graphql::schema(ApiConfig::default().graphql).sdl()
}
