//! Test support for the black-box suite: an application spawned on a free port with its own
//! database, an HTTP client, and the seed territory created through the public API.

use std::collections::HashMap;
use std::time::Duration;

use opora_domain::access::{Role, Scope};
use opora_persistence::testing::TestDatabase;
use opora_server::{RawSettings, Settings};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::task::JoinSet;

/// A running application. Its request methods act as an administrator; [`TestApp::as_caller`]
/// and [`TestApp::anonymous`] act as somebody else.
#[derive(Debug)]
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    /// Shared by the replicas of [`TestApp::replica`]; dropped with the last of them.
    pub db: std::sync::Arc<TestDatabase>,
    /// An operator token with the admin role, signed with the application's key.
    pub admin_token: String,
    /// Whether every successful write is checked to leave exactly one audit event (on by
    /// default; the benchmark, which writes concurrently, turns it off).
    pub verify_audit: bool,
    settings: Settings,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

/// Requests made with one bearer token, or none.
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub app: &'a TestApp,
    pub token: Option<&'a str>,
}

/// An HTTP answer: status, headers and the body parsed as JSON (or `Value::Null`).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as sent: a Word document is not text.
    pub bytes: Vec<u8>,
}

impl Answer {
    /// Asserts the status and returns the body; the message shows the body when it differs.
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text);
        self.body
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

impl TestApp {
    /// Spawns the application with default settings on a fresh database.
    pub async fn spawn() -> Self {
        Self::spawn_with(RawSettings::default()).await
    }

    /// Spawns the application with some settings changed.
    pub async fn spawn_with(raw: RawSettings) -> Self {
        // Server errors show in a failing test's output; `OPORA_TEST_LOG` widens the filter.
        let filter = std::env::var("OPORA_TEST_LOG").unwrap_or_else(|_| "warn".to_owned());
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter(filter).try_init();
        let db = std::sync::Arc::new(TestDatabase::create().await);
        Self::spawn_on(db, raw).await
    }

    /// Another instance of the application on this one's database, as a second replica behind
    /// a load balancer would be.
    pub async fn replica(&self) -> Self {
        // The same keys, as replicas share them.
        let raw = RawSettings {
            token_rate_per_minute: Some("100000".into()),
            data_dir: Some(self.settings.data_dir.display().to_string()),
            ..RawSettings::default()
        };
        let mut replica = Self::spawn_on(self.db.clone(), raw).await;
        replica.admin_token = self.admin_token.clone();
        replica
    }

    async fn spawn_on(db: std::sync::Arc<TestDatabase>, raw: RawSettings) -> Self {
        let data_dir = match &raw.data_dir {
            Some(dir) => std::path::PathBuf::from(dir),
            None => tempfile::tempdir().expect("a temporary folder").keep(),
        };
        let raw = RawSettings {
            database_url: Some(db.url().to_owned()),
            data_dir: Some(data_dir.display().to_string()),
            db_timeout_secs: Some("2".into()),
            // Tests sign in far more often than a person would; the limit has a test of its own.
            token_rate_per_minute: raw.token_rate_per_minute.clone().or(Some("100000".into())),
            ..raw
        };
        let settings = Settings::load(raw, None).expect("test settings parse");
        let app = opora_server::build(&settings).await.expect("the application builds");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let server = tokio::spawn(opora_server::serve(listener, app, shutdown, Duration::from_secs(10)));
        let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("an HTTP client");
        let auth = opora_server::keys::auth_config(&settings).expect("the keys load");
        let admin_token = auth.issue_operator_token("test-admin", Role::Admin, &Scope::Everywhere);
        Self { base, client, db, admin_token, verify_audit: true, settings, stop: Some(stop), server: Some(server) }
    }

    /// The settings the application runs with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Requests with `token`.
    pub fn as_caller<'a>(&'a self, token: &'a str) -> Caller<'a> {
        Caller { app: self, token: Some(token) }
    }

    /// Requests without a token.
    pub fn anonymous(&self) -> Caller<'_> {
        Caller { app: self, token: None }
    }

    fn admin(&self) -> Caller<'_> {
        Caller { app: self, token: Some(&self.admin_token) }
    }

    /// Creates a user with `role` in `scope` (`{"level": …, "id": …}`) and signs it in; returns
    /// the user's id and access token.
    pub async fn sign_in_as(&self, role: &str, scope: Value) -> (String, String) {
        let email = format!("{role}-{}@opora.test", uuid::Uuid::now_v7().simple());
        let password = "correct horse battery staple";
        let body = json!({ "email": email, "displayName": format!("Тестовый {role}"), "role": role, "scope": scope, "password": password });
        let user = self.post("/api/v1/users", &body).await.expect(201);
        (
            id_of(&user),
            self.password_token(&email, password).await.expect(200)["access_token"].as_str().unwrap().to_owned(),
        )
    }

    /// Asks the token endpoint for a token with the password grant.
    pub async fn password_token(&self, email: &str, password: &str) -> Answer {
        self.form(
            "/api/v1/auth/token",
            &[("grant_type", "password"), ("username", email), ("password", password)],
            None,
        )
        .await
    }

    /// Uploads a table to an import endpoint as the administrator.
    pub async fn upload(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> Answer {
        self.admin().upload(path, content_type, bytes).await
    }

    /// Posts a form, optionally with a bearer token.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)], token: Option<&str>) -> Answer {
        let mut request = self.client.post(self.url(path)).form(fields);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        answer(request.send().await.expect("the server answers")).await
    }

    /// A function that begins a graceful shutdown without waiting for it.
    pub fn stop_handle(&mut self) -> impl FnOnce() + use<> {
        let stop = self.stop.take();
        move || {
            if let Some(stop) = stop {
                let _ = stop.send(());
            }
        }
    }

    /// Asks the server to shut down gracefully and waits until it has.
    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("the server task").expect("the server stops cleanly");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn request(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        self.admin().request(method, path, body).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.admin().get(path).await
    }

    /// A request with exactly the headers given, as the administrator, and no audit check.
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.admin().send_with(method, path, body, headers).await
    }

    /// A GET with extra headers, as the administrator.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.admin().get_with(path, headers).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.admin().post(path, body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.admin().patch(path, body).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.admin().put(path, body).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.admin().delete(path).await
    }

    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.admin().graphql(query, variables).await
    }

    pub async fn list_all(&self, path: &str, limit: u32) -> Vec<Value> {
        self.admin().list_all(path, limit).await
    }
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a body").to_vec();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, headers, body, text, bytes }
}

/// The last UUID in a path: the record a write to it changes.
fn record_in(path: &str) -> Option<String> {
    path.split(['/', '?']).rev().find(|part| uuid::Uuid::parse_str(part).is_ok()).map(str::to_owned)
}

impl TestApp {
    /// How many audit events name `entity`.
    async fn audit_count(&self, entity: &str) -> usize {
        let page =
            self.admin().send(Method::GET, &format!("/api/v1/audit-events?entityId={entity}&limit=500"), None).await;
        page.expect(200)["items"].as_array().expect("items").len()
    }
}

impl Caller<'_> {
    /// Sends a request. A successful write through the REST API is checked to leave exactly one
    /// audit event for the record it wrote: every write of the suite is audited that way.
    pub async fn request(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let audited = self.app.verify_audit
            && matches!(method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE)
            && path.starts_with("/api/v1/")
            && !path.starts_with("/api/v1/auth/")
            // A dry run writes nothing.
            && !path.split('?').next().unwrap_or_default().ends_with("/dry-run");
        let target = if audited { record_in(path) } else { None };
        let before = match &target {
            Some(id) => self.app.audit_count(id).await,
            None => 0,
        };
        let answer = self.send(method.clone(), path, body).await;
        if audited && answer.status.is_success() {
            // A POST creates a record and answers its id; other writes change the one in the path.
            let created = [&answer.body["id"], &answer.body["client"]["id"], &answer.body["auditId"]]
                .into_iter()
                .find_map(|v| v.as_str().map(str::to_owned))
                .filter(|_| method == Method::POST);
            // A record named by a code in the path (`/indicators/students`) is found by the id it
            // answers; its history is at least the change just made.
            let by_code = answer.body["id"].as_str().map(str::to_owned).filter(|_| method == Method::PATCH);
            let (written, expected) = match (created, target, by_code) {
                (Some(id), _, _) => (id, 1),
                (None, Some(id), _) => (id, before + 1),
                (None, None, Some(id)) => {
                    let after = self.app.audit_count(&id).await;
                    assert!(after >= 1, "{method} {path} must leave an audit event");
                    return answer;
                }
                (None, None, None) => panic!("{method} {path} answered no id: {}", answer.text),
            };
            let after = self.app.audit_count(&written).await;
            assert_eq!(after, expected, "{method} {path} must leave exactly one audit event");
        }
        answer
    }

    /// Uploads a table; a successful import is checked to leave exactly one event for its audit.
    pub async fn upload(&self, path: &str, content_type: &str, bytes: Vec<u8>) -> Answer {
        let mut request = self.app.client.post(self.app.url(path)).header("content-type", content_type).body(bytes);
        if let Some(token) = self.token {
            request = request.bearer_auth(token);
        }
        let answer = answer(request.send().await.expect("the server answers")).await;
        if self.app.verify_audit && answer.status.as_u16() == 201 {
            let mut written: Vec<String> = ["auditId", "roadmapId", "importId", "campaignId"]
                .iter()
                .filter_map(|key| answer.body[*key].as_str().map(str::to_owned))
                .collect();
            if let Some(decisions) = answer.body["decisions"].as_array() {
                written.extend(decisions.iter().filter_map(|d| d["id"].as_str().map(str::to_owned)));
            }
            assert!(!written.is_empty(), "an import answers what it recorded: {}", answer.text);
            for record in written {
                assert_eq!(self.app.audit_count(&record).await, 1, "an import leaves one event for each record");
            }
        }
        answer
    }

    /// Sends a request. A PATCH or DELETE goes with `If-Match: *`, a write to whatever the
    /// record's revision: the suite's other tests are not about revisions, and
    /// `tests/api/conditional.rs` sends the real ones with [`Caller::send_with`].
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let any = [("if-match", "*")];
        let headers: &[(&str, &str)] = if matches!(method, Method::PATCH | Method::DELETE) { &any } else { &[] };
        self.send_with(method, path, body, headers).await
    }

    /// Sends a request with exactly the headers given beside the token, and no audit check.
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self.app.client.request(method, self.app.url(path));
        if let Some(token) = self.token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        answer(request.send().await.expect("the server answers")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.request(Method::GET, path, None).await
    }

    /// A GET with extra headers (`If-None-Match`, …).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.app.client.get(self.app.url(path));
        if let Some(token) = self.token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(request.send().await.expect("the server answers")).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.request(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.request(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.request(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.request(Method::DELETE, path, None).await
    }

    /// Runs a GraphQL query and returns the whole response document.
    /// Sends a GraphQL operation; answers its response document, which is 200 when the
    /// operation ran and 400 when it could not (a syntax error, an unknown field, a limit).
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let answer = self.post("/graphql", &json!({ "query": query, "variables": variables })).await;
        assert!(matches!(answer.status.as_u16(), 200 | 400), "unexpected status; body: {}", answer.text);
        assert_eq!(
            answer.status.as_u16() == 400,
            answer.body["data"].is_null() && answer.body["errors"][0]["path"].is_null(),
            "400 exactly when the operation could not run: {}",
            answer.text
        );
        answer.body
    }

    /// Collects every item of a REST list by following `nextCursor`.
    pub async fn list_all(&self, path: &str, limit: u32) -> Vec<Value> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut url = format!("{path}{separator}limit={limit}");
            if let Some(c) = &cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            let page = self.get(&url).await.expect(200);
            items.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["nextCursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return items,
            }
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Ids of the seed territory as created through the API.
#[derive(Debug, Default)]
pub struct Territory {
    /// By region code.
    pub regions: HashMap<String, String>,
    /// By the fixture's key, e.g. `seversky`.
    pub municipalities: HashMap<String, String>,
    /// By (municipality key or region code, official name).
    pub organizations: HashMap<(String, String), String>,
    /// The organizations exactly as the API answered their creation.
    pub created: Vec<Value>,
}

impl Territory {
    pub fn municipality(&self, key: &str) -> &str {
        &self.municipalities[key]
    }

    pub fn organization(&self, owner: &str, name: &str) -> &str {
        self.organizations
            .get(&(owner.to_owned(), name.to_owned()))
            .unwrap_or_else(|| panic!("no organization '{name}' in {owner}"))
    }
}

/// The entry-audit table of seed 001 (Калининский район, Краснодарский край), as TSV.
pub const SEED_001_AUDIT: &str = include_str!("../crates/server/demo/audit-kalininsky-2023.tsv");
/// Seed 001's roadmap (section II) as transcribed, and the Word document built from it.
pub const SEED_001_ROADMAP: &str = include_str!("../crates/server/demo/roadmap-kalininsky-2023.tsv");
pub const SEED_001_DOCX: &[u8] = include_bytes!("../crates/server/demo/roadmap-kalininsky-2023.docx");
/// Seed 004's ШНОР lists of Северский район, 2020–2024.
pub const SEED_004_LISTS: &str = include_str!("../crates/server/demo/lists-seversky.tsv");
/// Seed 004's Table 1: directions, forms, venues and dates.
pub const SEED_004_ROADMAP: &str = include_str!("../crates/server/demo/roadmap-seversky-2023.tsv");

/// The regions, municipalities and organizations named in the seed reports.
pub fn territory_fixture() -> Value {
    serde_json::from_str(include_str!("../crates/server/demo/territory.json")).expect("the fixture is JSON")
}

/// Creates the seed territory through REST and returns the ids.
pub async fn create_territory(app: &TestApp) -> Territory {
    let fixture = territory_fixture();
    let mut territory = Territory::default();
    for region in fixture["regions"].as_array().expect("regions") {
        let created = app.post("/api/v1/regions", region).await.expect(201);
        territory.regions.insert(region["code"].as_str().expect("code").to_owned(), id_of(&created));
    }
    for m in fixture["municipalities"].as_array().expect("municipalities") {
        let region = &territory.regions[m["region"].as_str().expect("region")];
        let body = json!({ "regionId": region, "name": m["name"], "kind": m["kind"] });
        let created = app.post("/api/v1/municipalities", &body).await.expect(201);
        territory.municipalities.insert(m["key"].as_str().expect("key").to_owned(), id_of(&created));
    }
    for org in fixture["organizations"].as_array().expect("organizations") {
        let mut body = org.clone();
        let object = body.as_object_mut().expect("an object");
        let owner = if let Some(key) = object.remove("municipality") {
            let key = key.as_str().expect("key").to_owned();
            object.insert("municipalityId".into(), json!(territory.municipalities[&key]));
            key
        } else {
            let code = object.remove("region").expect("a region or a municipality");
            let code = code.as_str().expect("code").to_owned();
            object.insert("regionId".into(), json!(territory.regions[&code]));
            code
        };
        let created = app.post("/api/v1/organizations", &body).await.expect(201);
        let name = org["name"].as_str().expect("name").to_owned();
        territory.organizations.insert((owner, name), id_of(&created));
        territory.created.push(created);
    }
    territory
}

/// The `operationId`s of an OpenAPI document.
pub fn operation_ids(document: &Value) -> Vec<String> {
    document["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| {
            item.as_object()
                .expect("a path item")
                .values()
                .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        })
        .collect()
}

/// A roadmap table (TSV) of `measures` numbered seminars, each planned for March of `year`.
pub fn numbered_roadmap(measures: usize, year: u32) -> Vec<u8> {
    let mut table = String::from(
        "№\tМероприятие\tФорма\tКод параметра\tКонтингент\tМесто проведения\tДата проведения\tОтветственные\n",
    );
    for n in 1..=measures {
        table.push_str(&format!(
            "{n}.\tСеминар для руководителей № {n}\tсеминар\t\tАдминистрация ОО\tОО\tМарт {year}\tОО\n"
        ));
    }
    table.into_bytes()
}

pub fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

/// An XLSX workbook whose only sheet holds `sheet_data`, with an optional shared-strings part.
pub fn xlsx_workbook(sheet_data: &str, shared_strings: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let ns = "http://schemas.openxmlformats.org";
    let mut files = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Аудит" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            ),
        ),
    ];
    if let Some(strings) = shared_strings {
        files.push(("xl/sharedStrings.xml".to_owned(), strings.to_owned()));
    }
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    for (name, body) in files {
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(body.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    buffer.into_inner()
}

/// Cells at A1 and XFD1048576: once enough to make a reader allocate 512 GiB.
pub fn sparse_xlsx() -> Vec<u8> {
    xlsx_workbook(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>b</t></is></c></row>"#,
        None,
    )
}

/// A shared-strings part that declares 10^11 strings and holds one.
pub fn shared_strings_xlsx() -> Vec<u8> {
    xlsx_workbook(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
        Some(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>a</t></si></sst>"#,
        ),
    )
}

/// An XLSX workbook holding the rows of a TSV text, every cell an inline string.
pub fn xlsx_from_tsv(tsv: &str) -> Vec<u8> {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut data = String::new();
    for (r, line) in tsv.lines().enumerate() {
        data.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in line.split('\t').enumerate().filter(|(_, c)| !c.is_empty()) {
            let column = char::from(b'A' + u8::try_from(c).expect("a narrow table"));
            data.push_str(&format!(
                r#"<c r="{column}{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                r + 1,
                escape(cell)
            ));
        }
        data.push_str("</row>");
    }
    xlsx_workbook(&data, None)
}

/// Seed 003's monitoring campaign (Хотынецкий район, order № 515 of 08.12.2023) as the demo
/// loads it: organizations by name, the municipality by its key.
/// Seed 003's report as a Word document, built from that transcription.
pub const SEED_003_REPORT: &[u8] = include_bytes!("../crates/server/demo/monitoring-khotynetsky-2023.docx");
pub const SEED_003_CAMPAIGN: &str = include_str!("../crates/server/demo/campaign-khotynetsky-2023.json");
/// A test roadmap of Хотынецкий район for 2024 (not from a seed) whose measures carry out two
/// of seed 003's recommendations.
pub const KHOTYNETSKY_ROADMAP: &str = include_str!("fixtures/roadmap-khotynetsky-2024.tsv");

/// Seed 003's campaign as a request body: names replaced by the ids of `territory`.
pub fn seed_003_campaign(territory: &Territory) -> Value {
    let mut body: Value = serde_json::from_str(SEED_003_CAMPAIGN).expect("the campaign is JSON");
    let key = body["municipality"].as_str().expect("a municipality key").to_owned();
    let object = body.as_object_mut().expect("an object");
    object.remove("municipality");
    // How the report writes the schools' names: what its Word document holds.
    object.remove("scopeAsWritten");
    object.insert("municipalityId".into(), json!(territory.municipality(&key)));
    let scope: Vec<Value> = object["scope"]
        .as_array()
        .expect("a scope")
        .iter()
        .map(|name| json!(territory.organization(&key, name.as_str().expect("a name"))))
        .collect();
    object.insert("scope".into(), Value::Array(scope));
    body
}

/// Seed 002's courses per school (2019/20) and seed 000's figures for Калининский район of
/// Тверская область (2022/23, 2023), in long form.
pub const SEED_002_INDICATORS: &str = include_str!("../crates/server/demo/indicators-kalininsky-tver.tsv");
/// Seed 001's context figures of Калининский район (Краснодарский край), 2022/23.
pub const SEED_001_INDICATORS: &str = include_str!("../crates/server/demo/indicators-kalininsky-kuban.tsv");

/// Sends the same TSV upload `n` times at once, as the administrator; answers (status, body) in completion order.
pub async fn race(app: &TestApp, path: &str, table: &str, key: Option<&str>, n: usize) -> Vec<(u16, Value)> {
    let mut set = JoinSet::new();
    for _ in 0..n {
        let mut request = app
            .client
            .post(app.url(path))
            .bearer_auth(&app.admin_token)
            .header("content-type", "text/tab-separated-values")
            .body(table.to_owned());
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        set.spawn(async move {
            let response = request.send().await.expect("the server answers");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    set.join_all().await
}
