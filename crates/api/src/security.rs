//! Headers every answer carries against content sniffing and injected scripts: no answer is
//! ever read as another type than it declares, and an HTML page runs only what it was built
//! with. A note's page sets a stricter policy of its own ([`NOTE_POLICY`]), which is kept.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The pages served from the binary (GraphiQL, Swagger UI) load their scripts and styles from
/// this server only, and may be framed by nobody.
const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The style sheet of a note's HTML page; the policy allows it by its hash and nothing else.
pub(crate) const NOTE_STYLE: &str =
    "table{border-collapse:collapse}td,th{border:1px solid #000;padding:2px 6px}.aside{text-align:right}";

/// A note's page is a document: no script, no request of its own, only its one style sheet.
pub(crate) static NOTE_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(NOTE_STYLE.as_bytes()));
    let policy = format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).expect("a policy of ASCII text is a header value")
});

/// `X-Content-Type-Options: nosniff` on every answer, and a policy on every HTML page that
/// does not bring its own.
pub(crate) async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let html =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_POLICY));
    }
    response
}
