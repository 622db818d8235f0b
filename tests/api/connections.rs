//! The pool as operators size it: one connection serves every kind of request, readiness tells
//! a busy pool from a silent database, and the combined views read their data and the version in
//! their entity tag from the same database when a read replica is configured.

use std::sync::Arc;
use std::time::Duration;

use opora_server::RawSettings;
use opora_tests::{SEED_004_LISTS, TestApp, create_territory};
use serde_json::{Value, json};
use tokio::task::JoinSet;

const TSV: &str = "text/tab-separated-values";
const NESTED: &str =
    "{ organizations(first: 50) { nodes { name municipality { name region { name } } region { name } } } }";

#[tokio::test]
async fn one_pooled_connection_serves_reads_writes_graphql_and_readiness_at_once() {
    let app = TestApp::spawn_with(RawSettings { db_max_connections: Some("1".into()), ..RawSettings::default() }).await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky").to_owned();
    app.upload(&format!("/api/v1/imports/lists?municipalityId={seversky}"), TSV, SEED_004_LISTS.into())
        .await
        .expect(201);
    let app = Arc::new(app);
    let mut set = JoinSet::new();
    for i in 0..24 {
        let (app, seversky) = (app.clone(), seversky.clone());
        set.spawn(async move {
            match i % 4 {
                0 => {
                    let path = format!("/api/v1/municipalities/{seversky}/dashboard?year=2024");
                    let dashboard = app.get_with(&path, &[("cache-control", "no-cache")]).await.expect(200);
                    assert_eq!(dashboard["listed"], 1, "Северский: one school in 2024");
                }
                1 => {
                    let answer = app.graphql(NESTED, json!({})).await;
                    assert!(answer["errors"].is_null(), "{answer}");
                    assert!(!answer["data"]["organizations"]["nodes"].as_array().unwrap().is_empty());
                }
                2 => {
                    let body = json!({ "municipalityId": seversky, "kind": "secondary_school", "name": format!("МБОУ СОШ № {}", 500 + i) });
                    app.post("/api/v1/organizations", &body).await.expect(201);
                }
                _ => assert_eq!(app.get("/health/ready").await.expect(200)["status"], "ready"),
            }
        });
    }
    while let Some(done) = set.join_next().await {
        done.expect("every request of the mix is answered");
    }
    let created = app.list_all(&format!("/api/v1/organizations?municipalityId={seversky}"), 100).await;
    let names: Vec<String> = (0..24).filter(|i| i % 4 == 2).map(|i| format!("МБОУ СОШ № {}", 500 + i)).collect();
    assert_eq!(created.iter().filter(|o| names.iter().any(|n| o["name"] == n.as_str())).count(), 6);
}

/// With every connection of the pool held (here by a read that waits behind a lock), readiness
/// says the pool is busy, not that the database is down; once the read completes it is ready.
#[tokio::test]
async fn readiness_says_when_every_pooled_connection_is_in_use() {
    let app = TestApp::spawn_with(RawSettings {
        db_max_connections: Some("1".into()),
        db_timeout_secs: Some("10".into()),
        ..RawSettings::default()
    })
    .await;
    if !app.db.is_postgres() {
        eprintln!("skipped on SQLite: a table is locked from outside on PostgreSQL only");
        return;
    }
    create_territory(&app).await;
    let lock = app.db.lock("regions").await;
    let app = Arc::new(app);
    let waiting = {
        let app = app.clone();
        tokio::spawn(async move { app.get("/api/v1/regions").await.expect(200) })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answer = app.get("/health/ready").await;
    assert_eq!(answer.content_type(), "application/problem+json");
    let body = answer.expect(503);
    assert_eq!(body["code"], "database_unavailable");
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("all 1 pooled connections are in use"), "{detail}");
    assert!(detail.contains("OPORA_DB_MAX_CONNECTIONS"), "{detail}");
    lock.release().await;
    let regions = waiting.await.expect("the waiting read completes");
    assert_eq!(regions["items"].as_array().unwrap().len(), 3);
    assert_eq!(app.get("/health/ready").await.expect(200)["status"], "ready");
}

/// A replica (`OPORA_DATABASE_READ_URL`) behind its primary: the dashboard's figures and its
/// entity tag both come from the replica, so a client never caches the primary's tag on the
/// replica's answer. Here the replica is a database of its own, fed by an instance of its own,
/// and the primary never sees what it holds.
#[tokio::test]
async fn a_view_and_its_entity_tag_come_from_the_same_database() {
    let feeder = TestApp::spawn().await;
    if !feeder.db.is_postgres() {
        eprintln!("skipped on SQLite: a read replica is a PostgreSQL setting");
        return;
    }
    let t = create_territory(&feeder).await;
    let seversky = t.municipality("seversky").to_owned();
    let app = TestApp::spawn_with(RawSettings {
        database_read_url: Some(feeder.db.url().to_owned()),
        ..RawSettings::default()
    })
    .await;
    let path = format!("/api/v1/municipalities/{seversky}/dashboard?year=2024");
    // The municipality exists in the replica only: the dashboard answers from it.
    let before = app.get(&path).await;
    let etag = before.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(before.expect(200)["listed"], Value::Null);
    // A write on the primary changes nothing the replica holds: same figures, same tag.
    create_territory(&app).await;
    let unchanged = app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(unchanged.status.as_u16(), 304, "the primary's write is not the replica's data");
    // What reaches the replica changes both at once.
    feeder
        .upload(&format!("/api/v1/imports/lists?municipalityId={seversky}"), TSV, SEED_004_LISTS.into())
        .await
        .expect(201);
    let after = app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status.as_u16(), 200);
    assert_ne!(after.headers["etag"].to_str().unwrap(), etag);
    assert_eq!((after.body["listed"].clone(), after.body["listedPreviousYear"].clone()), (json!(1), json!(5)));
}
