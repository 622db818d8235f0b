//! Conditional writes: every record's read carries its revision in `ETag`, and every PATCH and
//! DELETE needs it back in `If-Match` — 428 without it, 412 when the record moved on — so that
//! a change made from a stale read never overwrites another one unseen.

use std::collections::BTreeSet;

use opora_tests::{
    SEED_001_AUDIT, SEED_001_ROADMAP, SEED_002_INDICATORS, TestApp, create_territory, seed_003_campaign,
};
use reqwest::Method;
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

/// A record's revision as its read tags it, and the read.
async fn read(app: &TestApp, path: &str) -> (String, Value) {
    let answer = app.get(path).await;
    assert_eq!(answer.status.as_u16(), 200, "{path}: {}", answer.text);
    let tag = answer.headers.get("etag").unwrap_or_else(|| panic!("{path} answers no ETag"));
    (tag.to_str().unwrap().to_owned(), answer.body)
}

fn revision(tag: &str) -> u64 {
    tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')).and_then(|t| t.parse().ok()).expect("a strong tag")
}

/// One conditional write: the record it changes is read at `read`.
struct Case {
    /// The operation as the contract names its path.
    operation: (&'static str, &'static str),
    read: String,
    method: Method,
    write: String,
    body: Option<Value>,
}

impl Case {
    fn new(operation: (&'static str, &'static str), read: String, write: String, body: Option<Value>) -> Self {
        let method = if operation.0 == "patch" { Method::PATCH } else { Method::DELETE };
        Self { operation, read, method, write, body }
    }

    /// Refused without `If-Match` and with every tag but the record's own, each refusal
    /// changing nothing; accepted with its own, after which that tag is stale.
    async fn check(&self, app: &TestApp) {
        let label = format!("{} {}", self.method, self.write);
        let (tag, before) = read(app, &self.read).await;
        let n = revision(&tag);
        // Indicators of the catalogue come with the schema, and recommendations within their
        // campaign's creation: revision 0 until their first change of their own.
        let within = ["/api/v1/indicators/", "/api/v1/recommendations/"].iter().any(|p| self.read.starts_with(p));
        assert!(n >= 1 || within, "{label}: a created record has a revision: {tag}");
        let send = |headers: Vec<(&'static str, String)>| async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.send_with(self.method.clone(), &self.write, self.body.as_ref(), &headers).await
        };
        let missing = send(Vec::new()).await;
        assert_eq!(missing.status.as_u16(), 428, "{label}: {}", missing.text);
        assert_eq!(missing.body["code"], "precondition_required", "{label}");
        let mut stale = vec![format!("\"{}\"", n + 1), format!("W/{tag}"), format!("{tag}, \"{}\"", n + 1)];
        if n > 1 {
            stale.push(format!("\"{}\"", n - 1));
        }
        for other in stale {
            let refused = send(vec![("if-match", other.clone())]).await;
            assert_eq!(refused.status.as_u16(), 412, "{label} with If-Match {other}: {}", refused.text);
            assert_eq!(refused.body["code"], "stale_version", "{label}");
        }
        // Not RFC 9110's syntax at all: a bad request.
        for malformed in ["x", "\"3\" OR 1=1", ""] {
            let refused = send(vec![("if-match", malformed.to_owned())]).await;
            assert_eq!(refused.status.as_u16(), 400, "{label} with If-Match {malformed}: {}", refused.text);
            assert_eq!(refused.body["code"], "malformed_request", "{label}");
        }
        assert_eq!(read(app, &self.read).await, (tag.clone(), before), "{label}: a refused write changed the record");

        let done = send(vec![("if-match", tag.clone())]).await;
        assert!(done.status.is_success(), "{label} with If-Match {tag}: {}", done.text);
        // The change made a revision: the tag read before it is stale now.
        let again = send(vec![("if-match", tag.clone())]).await;
        assert!(matches!(again.status.as_u16(), 404 | 409 | 412), "{label} repeated with {tag}: {}", again.text);
        if self.method == Method::PATCH && again.status.as_u16() == 412 {
            // The answer of a change tags the record's new revision; edited measures make a new version.
            let tagged = done.headers.get("etag").expect("a change answers the new ETag").to_str().unwrap();
            let new = revision(tagged);
            assert!(new == n + 1 || (self.write.contains("/measures/") && new == 1), "{label}: {tagged}");
        }
    }
}

struct Fixture {
    app: TestApp,
    cases: Vec<Case>,
}

async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban").to_owned();
    let region = t.regions["23"].clone();
    let school = t.organization("seversky", "МБОУ СОШ № 6").to_owned();

    let spare_region = app.post("/api/v1/regions", &json!({ "code": "75", "name": "Забайкальский край" })).await;
    let spare_region = spare_region.expect(201)["id"].as_str().unwrap().to_owned();
    let body = json!({ "regionId": region, "name": "Крымский район", "kind": "district" });
    let spare_municipality =
        app.post("/api/v1/municipalities", &body).await.expect(201)["id"].as_str().unwrap().to_owned();
    // In a municipality that no document of the fixture reads: nothing refers to it.
    let seversky = t.municipality("seversky");
    let body = json!({ "municipalityId": seversky, "kind": "basic_school", "name": "МБОУ ООШ № 58" });
    let spare_school = app.post("/api/v1/organizations", &body).await.expect(201)["id"].as_str().unwrap().to_owned();
    let (user, _) = app.sign_in_as("analyst", json!({ "level": "municipality", "id": kuban })).await;
    let body = json!({ "role": "importer", "scope": { "level": "everywhere" } });
    let client = app.post("/api/v1/clients", &body).await.expect(201)["client"]["id"].as_str().unwrap().to_owned();
    let campaign = app.post("/api/v1/monitoring-campaigns", &seed_003_campaign(&t)).await.expect(201);
    let recommendation = campaign["recommendations"][0]["id"].as_str().unwrap().to_owned();
    let campaign = campaign["id"].as_str().unwrap().to_owned();
    let body = json!({ "municipalityId": kuban, "title": "Программа на 2025-2027 годы", "periodFrom": 2025, "periodTo": 2027, "status": "draft" });
    let programme = app.post("/api/v1/programmes", &body).await.expect(201)["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let audit = app.upload(&path, TSV, SEED_001_AUDIT.into()).await.expect(201)["auditId"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/imports/roadmap?municipalityId={kuban}&periodFrom=2023&periodTo=2024&auditId={audit}");
    let roadmap = app.upload(&path, TSV, SEED_001_ROADMAP.into()).await.expect(201);
    let roadmap = roadmap["roadmapId"].as_str().unwrap().to_owned();

    let path = format!("/api/v1/imports/indicators?municipalityId={}", t.municipality("kalininsky-tver"));
    let indicators = app.upload(&path, TSV, SEED_002_INDICATORS.into()).await.expect(201);
    let indicators = indicators["importId"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/imports/lists?municipalityId={}", t.municipality("seversky"));
    let lists = app.upload(&path, TSV, opora_tests::SEED_004_LISTS.into()).await.expect(201);
    let decision = lists["decisions"][0]["id"].as_str().unwrap().to_owned();
    let act = json!({ "issuer": "Управление образования", "number": "41", "date": "2025-02-03" });
    let cases = vec![
        Case::new(
            ("patch", "/api/v1/regions/{id}"),
            format!("/api/v1/regions/{region}"),
            format!("/api/v1/regions/{region}"),
            Some(json!({ "name": "Краснодарский край (Кубань)" })),
        ),
        Case::new(
            ("delete", "/api/v1/regions/{id}"),
            format!("/api/v1/regions/{spare_region}"),
            format!("/api/v1/regions/{spare_region}"),
            None,
        ),
        Case::new(
            ("patch", "/api/v1/municipalities/{id}"),
            format!("/api/v1/municipalities/{kuban}"),
            format!("/api/v1/municipalities/{kuban}"),
            Some(json!({ "oktmo": "03620000" })),
        ),
        Case::new(
            ("delete", "/api/v1/municipalities/{id}"),
            format!("/api/v1/municipalities/{spare_municipality}"),
            format!("/api/v1/municipalities/{spare_municipality}"),
            None,
        ),
        Case::new(
            ("patch", "/api/v1/organizations/{id}"),
            format!("/api/v1/organizations/{school}"),
            format!("/api/v1/organizations/{school}"),
            Some(json!({ "shortName": "СОШ № 6" })),
        ),
        Case::new(
            ("delete", "/api/v1/organizations/{id}"),
            format!("/api/v1/organizations/{spare_school}"),
            format!("/api/v1/organizations/{spare_school}"),
            None,
        ),
        Case::new(
            ("patch", "/api/v1/users/{id}"),
            format!("/api/v1/users/{user}"),
            format!("/api/v1/users/{user}"),
            Some(json!({ "displayName": "Аналитик управления образования" })),
        ),
        Case::new(
            ("patch", "/api/v1/clients/{id}"),
            format!("/api/v1/clients/{client}"),
            format!("/api/v1/clients/{client}"),
            Some(json!({ "description": "Региональный портал" })),
        ),
        Case::new(
            ("patch", "/api/v1/indicators/{code}"),
            "/api/v1/indicators/pd_completed".into(),
            "/api/v1/indicators/pd_completed".into(),
            Some(json!({ "aliases": ["Прошли курсы повышения квалификации"] })),
        ),
        Case::new(
            ("patch", "/api/v1/recommendations/{id}"),
            format!("/api/v1/recommendations/{recommendation}"),
            format!("/api/v1/recommendations/{recommendation}"),
            Some(json!({ "status": "dropped" })),
        ),
        Case::new(
            ("patch", "/api/v1/programmes/{id}"),
            format!("/api/v1/programmes/{programme}"),
            format!("/api/v1/programmes/{programme}"),
            Some(json!({ "status": "approved", "approval": act })),
        ),
        Case::new(
            ("patch", "/api/v1/roadmaps/{id}/measures/{position}"),
            format!("/api/v1/roadmaps/{roadmap}"),
            format!("/api/v1/roadmaps/{roadmap}/measures/1"),
            Some(json!({ "title": "Семинар для заместителей директоров по УВР" })),
        ),
        // The roadmap's withdrawal reads the version the edit above left current.
        Case::new(("delete", "/api/v1/roadmaps/{id}"), String::new(), String::new(), None),
        Case::new(
            ("delete", "/api/v1/indicator-imports/{id}"),
            format!("/api/v1/indicator-imports/{indicators}"),
            format!("/api/v1/indicator-imports/{indicators}?reason=x"),
            None,
        ),
        Case::new(
            ("delete", "/api/v1/list-decisions/{id}"),
            format!("/api/v1/list-decisions/{decision}"),
            format!("/api/v1/list-decisions/{decision}?reason=x"),
            None,
        ),
        // After its recommendation's change above.
        Case::new(
            ("delete", "/api/v1/monitoring-campaigns/{id}"),
            format!("/api/v1/monitoring-campaigns/{campaign}"),
            format!("/api/v1/monitoring-campaigns/{campaign}?reason=x"),
            None,
        ),
        Case::new(
            ("delete", "/api/v1/audits/{id}"),
            format!("/api/v1/audits/{audit}"),
            format!("/api/v1/audits/{audit}?reason=%D0%BE%D1%88%D0%B8%D0%B1%D0%BA%D0%B0"),
            None,
        ),
    ];
    Fixture { app, cases }
}

#[tokio::test]
async fn every_patch_and_delete_needs_the_revision_it_was_made_from() {
    let Fixture { app, mut cases } = fixture().await;
    let document = app.get("/api/v1/openapi.json").await.expect(200);
    let mut declared = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["patch", "delete"] {
            let Some(operation) = item.get(method) else { continue };
            declared.insert((method, path.as_str()));
            let parameters = operation["parameters"].as_array().unwrap();
            let if_match = parameters.iter().find(|p| p["name"] == "If-Match" && p["in"] == "header");
            let described = if_match.and_then(|p| p["description"].as_str()).unwrap_or_default();
            assert!(described.contains("without it 428"), "{method} {path} declares If-Match: {operation}");
            for status in ["412", "428"] {
                assert!(operation["responses"].get(status).is_some(), "{method} {path} declares {status}");
            }
        }
    }
    let tested: BTreeSet<(&str, &str)> = cases.iter().map(|c| c.operation).collect();
    assert_eq!(tested, declared, "every PATCH and DELETE of the contract is tested here");

    for case in &mut cases {
        if case.operation.1 == "/api/v1/roadmaps/{id}" {
            // The one roadmap of the fixture: its version the edit left current.
            let listed = app.get("/api/v1/roadmaps").await.expect(200);
            let current = listed["items"][0]["id"].as_str().unwrap().to_owned();
            case.read = format!("/api/v1/roadmaps/{current}");
            case.write = format!("/api/v1/roadmaps/{current}?reason=x");
        }
        case.check(&app).await;
    }
}

#[tokio::test]
async fn of_ten_editors_who_read_the_same_revision_one_changes_the_record() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let school = t.organization("seversky", "МБОУ СОШ № 6").to_owned();
    let path = format!("/api/v1/organizations/{school}");
    let (tag, _) = read(&app, &path).await;
    let history = format!("/api/v1/audit-events?entityId={school}");
    let events = app.get(&history).await.expect(200)["items"].as_array().unwrap().len();

    let mut set = tokio::task::JoinSet::new();
    for n in 0..10 {
        let request = app
            .client
            .patch(app.url(&path))
            .bearer_auth(&app.admin_token)
            .header("if-match", &tag)
            .json(&json!({ "shortName": format!("СОШ № 6 ({n})") }));
        set.spawn(async move { request.send().await.expect("the server answers").status().as_u16() });
    }
    let mut statuses = set.join_all().await;
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412, 412, 412, 412, 412, 412, 412, 412, 412]);
    // One change, one event, one revision more.
    let after = app.get(&history).await.expect(200);
    let items = after["items"].as_array().unwrap();
    assert_eq!(items.len(), events + 1);
    let (new, _) = read(&app, &path).await;
    assert_eq!(revision(&new), revision(&tag) + 1);
    assert_eq!(items.last().unwrap()["revision"], json!(revision(&new)), "{after}");
}
