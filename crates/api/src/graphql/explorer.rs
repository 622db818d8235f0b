//! `GET /graphql`: GraphiQL with every script and style served from the binary, so that the
//! explorer works where the internet does not reach (most government networks).

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::problem::{ApiError, ErrorCode};

const PAGE: &str = r#"<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Opora GraphQL</title>
<link rel="stylesheet" href="/graphql/assets/graphiql.min.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Загрузка…</div>
<script src="/graphql/assets/react.production.min.js"></script>
<script src="/graphql/assets/react-dom.production.min.js"></script>
<script src="/graphql/assets/graphiql.min.js"></script>
<script src="/graphql/assets/opora-graphiql.js"></script>
</body>
</html>
"#;

/// The files, gzip-compressed as they are committed (see `assets/graphiql/README.md`).
const ASSETS: &[(&str, &str, &[u8], bool)] = &[
    ("graphiql.min.js", "text/javascript", include_bytes!("../../assets/graphiql/graphiql.min.js.gz"), true),
    ("graphiql.min.css", "text/css", include_bytes!("../../assets/graphiql/graphiql.min.css.gz"), true),
    (
        "react.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react.production.min.js.gz"),
        true,
    ),
    (
        "react-dom.production.min.js",
        "text/javascript",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js.gz"),
        true,
    ),
    ("opora-graphiql.js", "text/javascript", include_bytes!("../../assets/graphiql/opora-graphiql.js"), false),
];

pub(crate) async fn page() -> Html<&'static str> {
    Html(PAGE)
}

/// `GET /graphql/assets/{file}`. Every browser takes gzip; the files never change within a
/// build, so they may be cached for a day.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    let Some((_, content_type, bytes, gzipped)) = ASSETS.iter().find(|(name, ..)| *name == file) else {
        return ApiError::new(ErrorCode::RouteNotFound, format!("no asset {file}")).into_response();
    };
    let mut response = (StatusCode::OK, *bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    if *gzipped {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}
