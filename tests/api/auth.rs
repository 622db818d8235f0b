//! Tokens: issue, verification, revocation, key rotation, an external identity provider and
//! the token endpoint's rate limit.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use opora_server::RawSettings;
use opora_tests::TestApp;
use serde_json::{Value, json};

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn key_file(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/keys").join(name).display().to_string()
}

fn pem(name: &str) -> Vec<u8> {
    std::fs::read(key_file(name)).unwrap()
}

/// The application's generated HS256 secret, read from its data folder as an operator could.
fn secret(app: &TestApp) -> Vec<u8> {
    std::fs::read(app.settings().data_dir.join("jwt-secret")).unwrap()
}

/// Claims of an admin operator token that is valid in every respect; tests spoil one thing.
fn good_claims() -> Value {
    let now = now();
    json!({
        "sub": "forger", "iss": "opora", "aud": "opora-api", "exp": now + 600, "iat": now, "nbf": now,
        "jti": uuid::Uuid::now_v7().to_string(), "kind": "operator", "role": "admin", "scope": "everywhere",
    })
}

fn hs256(app: &TestApp, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("opora-1".into());
    encode(&header, claims, &EncodingKey::from_secret(&secret(app))).unwrap()
}

/// Every refused token gets the same answer: 401, a problem document, nothing about why.
async fn assert_refused(app: &TestApp, token: &str, case: &str) {
    let answer = app.as_caller(token).get("/api/v1/regions").await;
    assert_eq!(answer.status.as_u16(), 401, "{case}: {}", answer.text);
    assert_eq!(answer.content_type(), "application/problem+json", "{case}");
    assert_eq!(answer.headers["www-authenticate"], "Bearer", "{case}");
    assert_eq!(answer.body["code"], "unauthorized", "{case}");
    assert_eq!(
        answer.body["detail"], "The access token is missing, malformed, expired or no longer valid.",
        "{case}: the answer must not say why"
    );
}

#[tokio::test]
async fn a_well_formed_token_is_accepted_and_each_spoiled_one_is_refused() {
    let app = TestApp::spawn().await;
    app.as_caller(&hs256(&app, &good_claims())).get("/api/v1/regions").await.expect(200);

    let spoil = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut claims = good_claims();
        f(claims.as_object_mut().unwrap());
        claims
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "expired",
            spoil(&|c| {
                c.insert("exp".into(), json!(now() - 120));
            }),
        ),
        (
            "not yet valid",
            spoil(&|c| {
                c.insert("nbf".into(), json!(now() + 600));
            }),
        ),
        (
            "wrong audience",
            spoil(&|c| {
                c.insert("aud".into(), json!("another-api"));
            }),
        ),
        (
            "wrong issuer",
            spoil(&|c| {
                c.insert("iss".into(), json!("somebody-else"));
            }),
        ),
        (
            "missing audience",
            spoil(&|c| {
                c.remove("aud");
            }),
        ),
        (
            "missing issuer",
            spoil(&|c| {
                c.remove("iss");
            }),
        ),
        (
            "missing expiry",
            spoil(&|c| {
                c.remove("exp");
            }),
        ),
    ];
    for (case, claims) in cases {
        assert_refused(&app, &hs256(&app, &claims), case).await;
    }
}

#[tokio::test]
async fn unsigned_tampered_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let good = hs256(&app, &good_claims());
    let parts: Vec<&str> = good.split('.').collect();

    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    assert_refused(&app, &format!("{none_header}.{}.", parts[1]), "alg none").await;

    let mut claims = good_claims();
    claims["role"] = json!("admin");
    claims["sub"] = json!("somebody-else");
    let tampered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(claims.to_string()), parts[2]);
    assert_refused(&app, &tampered, "tampered payload").await;

    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("unknown-key".into());
    let unknown_kid = encode(&header, &good_claims(), &EncodingKey::from_secret(&secret(&app))).unwrap();
    assert_refused(&app, &unknown_kid, "unknown kid").await;

    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("opora-1".into());
    let other_secret = encode(&header, &good_claims(), &EncodingKey::from_secret(&[7u8; 48])).unwrap();
    assert_refused(&app, &other_secret, "another secret").await;

    assert_refused(&app, "not-a-token", "garbage").await;
    let answer = app.client.get(app.url("/api/v1/regions")).header("authorization", "Basic YTpi").send().await.unwrap();
    assert_eq!(answer.status(), 401, "a non-bearer scheme");
}

/// With RS256 configured, an HS256 token signed with the public key as its secret is the
/// classic algorithm-confusion attack; the algorithm is pinned to the key's.
#[tokio::test]
async fn rs256_keys_rotate_and_refuse_algorithm_confusion() {
    let app = TestApp::spawn_with(RawSettings {
        jwt_algorithm: Some("RS256".into()),
        jwt_kid: Some("rsa-current".into()),
        jwt_private_key: Some(key_file("rsa-current.key.pem")),
        jwt_public_key: Some(key_file("rsa-current.pub.pem")),
        jwt_previous_keys: Some(format!("rsa-previous:RS256:{}", key_file("rsa-previous.pub.pem"))),
        ..Default::default()
    })
    .await;
    app.get("/api/v1/regions").await.expect(200);

    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("rsa-previous".into());
    let previous =
        encode(&header, &good_claims(), &EncodingKey::from_rsa_pem(&pem("rsa-previous.key.pem")).unwrap()).unwrap();
    app.as_caller(&previous).get("/api/v1/regions").await.expect(200);

    // The retired key's tokens are accepted only under its own kid.
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("rsa-current".into());
    let mislabelled =
        encode(&header, &good_claims(), &EncodingKey::from_rsa_pem(&pem("rsa-previous.key.pem")).unwrap()).unwrap();
    assert_refused(&app, &mislabelled, "a retired key under the current kid").await;

    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("rsa-current".into());
    let confused = encode(&header, &good_claims(), &EncodingKey::from_secret(&pem("rsa-current.pub.pem"))).unwrap();
    assert_refused(&app, &confused, "HS256 signed with the RSA public key").await;
}

#[tokio::test]
async fn eddsa_keys_sign_and_verify() {
    let app = TestApp::spawn_with(RawSettings {
        jwt_algorithm: Some("EdDSA".into()),
        jwt_private_key: Some(key_file("ed25519.key.pem")),
        jwt_public_key: Some(key_file("ed25519.pub.pem")),
        ..Default::default()
    })
    .await;
    let me = app.get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn users_sign_in_see_themselves_and_lose_access_when_deactivated() {
    let app = TestApp::spawn().await;
    let (id, token) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    let me = app.as_caller(&token).get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me["subject"], format!("user:{id}"));
    assert_eq!(me["role"], "analyst");
    assert_eq!(me["capabilities"], json!(["read"]));

    let wrong = app.password_token(&format!("nobody-{id}@opora.test"), "correct horse battery staple").await;
    assert_eq!(wrong.expect(401)["code"], "invalid_credentials");

    app.patch(&format!("/api/v1/users/{id}"), &json!({ "active": false })).await.expect(200);
    assert_refused(&app, &token, "deactivated principal").await;
}

#[tokio::test]
async fn a_revoked_token_is_refused_until_it_expires() {
    let app = TestApp::spawn().await;
    let (_, token) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    app.as_caller(&token).get("/api/v1/regions").await.expect(200);
    let revoked = app.form("/api/v1/auth/revoke", &[("token", &token)], Some(&token)).await.expect(200);
    assert_eq!(revoked["revoked"], true);
    assert_refused(&app, &token, "revoked jti").await;
}

#[tokio::test]
async fn a_token_revoked_on_one_instance_is_refused_by_the_others_without_asking_the_database() {
    let app = TestApp::spawn().await;
    let replica = app.replica().await;
    let (_, token) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    replica.as_caller(&token).get("/api/v1/regions").await.expect(200);
    app.form("/api/v1/auth/revoke", &[("token", &token)], Some(&token)).await.expect(200);
    assert_refused(&app, &token, "revoked here").await;
    if app.db.is_postgres() {
        // The other instance hears of it when the revoking transaction commits.
        let started = std::time::Instant::now();
        while replica.as_caller(&token).get("/api/v1/regions").await.status.as_u16() == 200 {
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "the replica still accepts the token");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_refused(&replica, &token, "revoked on the other instance").await;
        // A replica started later loads the revocations from the table.
        let late = app.replica().await;
        assert_refused(&late, &token, "revoked before this instance started").await;
    } else {
        // SQLite runs one instance; one started on the same file loads the table.
        let late = app.replica().await;
        assert_refused(&late, &token, "revoked before this instance started").await;
    }
}

#[tokio::test]
async fn api_clients_use_the_client_credentials_grant() {
    let app = TestApp::spawn().await;
    let created = app
        .post("/api/v1/clients", &json!({ "description": "Импорт из АИС «Сетевой город»", "role": "importer", "scope": { "level": "everywhere" } }))
        .await
        .expect(201);
    let client_id = created["client"]["clientId"].as_str().unwrap();
    let secret = created["clientSecret"].as_str().unwrap();
    let grant = [("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", secret)];
    let token = app.form("/api/v1/auth/token", &grant, None).await;
    assert_eq!(token.headers["cache-control"], "no-store");
    let token = token.expect(200);
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["expires_in"], 900);
    let me = app.as_caller(token["access_token"].as_str().unwrap()).get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me["role"], "importer");

    let wrong = [("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", "guess")];
    let refused = app.form("/api/v1/auth/token", &wrong, None).await.expect(401);
    assert_eq!(refused["code"], "invalid_credentials");
    // OAuth2 clients read RFC 6749's members; the problem document carries them too.
    assert_eq!(
        (refused["error"].as_str(), refused["error_description"].as_str()),
        (Some("invalid_client"), refused["detail"].as_str())
    );
    let unknown = [("grant_type", "implicit")];
    let unsupported = app.form("/api/v1/auth/token", &unknown, None).await.expect(400);
    assert_eq!(
        (unsupported["code"].as_str(), unsupported["error"].as_str()),
        (Some("unsupported_grant_type"), Some("unsupported_grant_type"))
    );
    let incomplete = app.form("/api/v1/auth/token", &[("grant_type", "password")], None).await.expect(422);
    assert_eq!(incomplete["error"], "invalid_request");
    // The secret is shown once and never again.
    let read = app.get(&format!("/api/v1/clients/{}", created["client"]["id"].as_str().unwrap())).await.expect(200);
    assert!(!read.to_string().contains(secret));
}

#[tokio::test]
async fn the_token_endpoint_is_rate_limited_with_retry_after() {
    let app = TestApp::spawn_with(RawSettings { token_rate_per_minute: Some("3".into()), ..Default::default() }).await;
    for _ in 0..3 {
        app.password_token("ivanova@edu.example", "wrong password").await.expect(401);
    }
    let limited = app.password_token("ivanova@edu.example", "wrong password").await;
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(limited.expect(429)["code"], "too_many_requests");
}

#[tokio::test]
async fn an_external_identity_providers_tokens_are_mapped_to_a_role_and_scope() {
    let app = TestApp::spawn_with(RawSettings {
        oidc_issuer: Some("https://id.edu.example".into()),
        oidc_public_key: Some(key_file("idp.pub.pem")),
        ..Default::default()
    })
    .await;
    let region = app.post("/api/v1/regions", &json!({ "code": "57", "name": "Орловская область" })).await.expect(201);
    let now = now();
    let claims = json!({
        "sub": "ivanova", "iss": "https://id.edu.example", "aud": "opora-api", "exp": now + 600, "iat": now,
        "opora_role": "regional", "opora_scope": format!("region:{}", region["id"].as_str().unwrap()),
    });
    let key = EncodingKey::from_rsa_pem(&pem("idp.key.pem")).unwrap();
    let token = encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap();
    let me = app.as_caller(&token).get("/api/v1/auth/me").await.expect(200);
    assert_eq!(me["subject"], "external:ivanova");
    assert_eq!(me["role"], "regional");
    assert_eq!(me["scope"]["id"], region["id"]);

    // Signed by somebody else in the provider's name.
    let forged = encode(
        &Header::new(Algorithm::RS256),
        &claims,
        &EncodingKey::from_rsa_pem(&pem("rsa-current.key.pem")).unwrap(),
    )
    .unwrap();
    assert_refused(&app, &forged, "forged external token").await;
}

#[tokio::test]
async fn anonymous_callers_get_nothing_unless_public_read_is_on() {
    let app = TestApp::spawn().await;
    assert_eq!(app.anonymous().get("/api/v1/regions").await.expect(401)["code"], "unauthorized");
    let public = TestApp::spawn_with(RawSettings { public_read: Some("true".into()), ..Default::default() }).await;
    public.anonymous().get("/api/v1/regions").await.expect(200);
    public.anonymous().get("/api/v1/users").await.expect(401);
    public.anonymous().get("/api/v1/audit-events").await.expect(401);
    let write = public.anonymous().post("/api/v1/regions", &json!({ "code": "57", "name": "Орловская область" })).await;
    assert_eq!(write.expect(401)["code"], "unauthorized");
    // Health stays open.
    public.anonymous().get("/health/live").await.expect(200);
    app.anonymous().get("/health/ready").await.expect(200);
}
