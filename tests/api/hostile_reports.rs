//! Hostile Word documents sent as monitoring reports get the answers the roadmap reader gives:
//! not an archive, no `word/document.xml`, unbalanced XML and an empty body are 422, a zip bomb
//! (in the document or in its numbering part) is 413, entities are not expanded, deep nesting
//! costs its size once, a table or a list is 415. Nothing is written, the server stays live, and
//! a caller who may not record there is refused before the body is read.

use std::io::Write;

use opora_tests::{SEED_003_REPORT, TestApp, create_territory};
use serde_json::{Value, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A part of `size` spaces that deflates to a few kilobytes.
fn bomb(name: &str, size: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..size / spaces.len() {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> Vec<u8> {
    let xml = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
    archive(&[("word/document.xml", xml.as_bytes())])
}

async fn campaigns(app: &TestApp) -> usize {
    app.list_all("/api/v1/monitoring-campaigns", 500).await.len()
}

#[tokio::test]
async fn hostile_word_reports_answer_a_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let path = format!("/api/v1/imports/monitoring?municipalityId={}", t.municipality("khotynetsky"));
    let billion_laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document {W}><w:body><w:p><w:r><w:t>Выводы: &lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let deep = format!("{}{}", "<w:tbl><w:tr><w:tc>".repeat(20_000), "</w:tc></w:tr></w:tbl>".repeat(20_000));
    let paragraphs = "<w:p><w:r><w:t>1.</w:t></w:r></w:p>".repeat(20_001);
    let long_paragraph = format!("<w:p><w:r><w:t>Выводы: {}</w:t></w:r></w:p>", "а".repeat(40_000));
    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("not an archive", DOCX, b"PK\x03\x04 not really".to_vec(), 422),
        ("no document part", DOCX, archive(&[("word/styles.xml", b"<w:styles/>")]), 422),
        ("unbalanced XML", DOCX, archive(&[("word/document.xml", b"<w:document><w:body><w:p><w:r>")]), 422),
        ("an empty body", DOCX, document(""), 422),
        ("a text that is no report", DOCX, document("<w:p><w:r><w:t>Список литературы</w:t></w:r></w:p>"), 422),
        ("entities", DOCX, archive(&[("word/document.xml", billion_laughs.as_bytes())]), 422),
        ("deep nesting", DOCX, document(&deep), 422),
        ("more paragraphs than a report holds", DOCX, document(&paragraphs), 413),
        ("a paragraph longer than any report's", DOCX, document(&long_paragraph), 413),
        ("a zip bomb", DOCX, bomb("word/document.xml", 64 * 1024 * 1024), 413),
        ("a table instead of a document", "text/tab-separated-values", b"1\t2\n".to_vec(), 415),
    ];
    for (what, content_type, body, status) in cases {
        assert!(body.len() < 2 * 1024 * 1024, "{what} is sent small");
        let answer = app.upload(&path, content_type, body).await;
        assert_eq!(answer.status.as_u16(), status, "{what}: {}", answer.text);
        assert!(answer.body["code"].is_string(), "{what}: a problem document: {}", answer.text);
        app.anonymous().get("/health/live").await.expect(200);
    }
    // A bomb in the numbering part, beside a real report: refused as the document's would be.
    let mut real = zip::ZipArchive::new(std::io::Cursor::new(SEED_003_REPORT)).unwrap();
    let mut document_xml = Vec::new();
    std::io::Read::read_to_end(&mut real.by_name("word/document.xml").unwrap(), &mut document_xml).unwrap();
    let numbering_bomb = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&document_xml).unwrap();
        zip.start_file("word/numbering.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let spaces = vec![b' '; 1024 * 1024];
        for _ in 0..64 {
            zip.write_all(&spaces).unwrap();
        }
        zip.finish().unwrap().into_inner()
    };
    app.upload(&path, DOCX, numbering_bomb).await.expect(413);
    assert_eq!(campaigns(&app).await, 0, "nothing was written");
}

#[tokio::test]
async fn a_report_is_refused_before_it_is_read_for_a_caller_who_may_not_record_it() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let path = format!("/api/v1/imports/monitoring?municipalityId={}", t.municipality("khotynetsky"));
    // Garbage that would be a 415 if it were read: each caller is refused first.
    let garbage = || b"\x00garbage".to_vec();
    assert_eq!(
        app.anonymous().upload(&path, "application/x-garbage", garbage()).await.expect(401)["code"],
        "unauthorized"
    );
    let (_, outsider) =
        app.sign_in_as("importer", json!({ "level": "municipality", "id": t.municipality("seversky") })).await;
    assert_eq!(
        app.as_caller(&outsider).upload(&path, "application/x-garbage", garbage()).await.expect(404)["code"],
        "not_found"
    );
    let (_, analyst) = app.sign_in_as("analyst", json!({ "level": "everywhere" })).await;
    assert_eq!(
        app.as_caller(&analyst).upload(&path, "application/x-garbage", garbage()).await.expect(403)["code"],
        "forbidden"
    );
    let unknown = format!("/api/v1/imports/monitoring?municipalityId={}", uuid::Uuid::now_v7());
    app.upload(&unknown, DOCX, SEED_003_REPORT.to_vec()).await.expect(404);
    assert_eq!(campaigns(&app).await, 0);
}

#[tokio::test]
async fn the_same_report_sent_at_once_with_one_key_is_recorded_once() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let path = format!("/api/v1/imports/monitoring?municipalityId={}", t.municipality("khotynetsky"));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let request = app
            .client
            .post(app.url(&path))
            .bearer_auth(&app.admin_token)
            .header("content-type", DOCX)
            .header("idempotency-key", "seed-003-report")
            .body(SEED_003_REPORT.to_vec());
        set.spawn(async move {
            let response = request.send().await.expect("the server answers");
            (response.status().as_u16(), response.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let answers = set.join_all().await;
    let recorded: Vec<&Value> = answers.iter().filter(|(s, _)| *s == 201).map(|(_, b)| &b["campaignId"]).collect();
    assert!(!recorded.is_empty(), "{answers:?}");
    assert!(recorded.iter().all(|id| *id == recorded[0]), "one campaign, answered to every request: {answers:?}");
    assert!(answers.iter().all(|(s, _)| matches!(s, 201 | 409)), "{answers:?}");
    assert_eq!(campaigns(&app).await, 1);
}
