//! The `opora` binary as an operator runs it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn opora(data: &tempfile::TempDir) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opora"));
    command.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).env("OPORA_DATA_DIR", data.path());
    command
}

#[test]
fn help_documents_every_subcommand_and_setting() {
    let data = tempfile::tempdir().unwrap();
    let output = opora(&data).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for word in ["serve", "migrate", "export-schema", "OPORA_BIND", "OPORA_DATABASE_URL", "OPORA_LOG_FORMAT"] {
        assert!(help.contains(word), "--help does not mention {word}:\n{help}");
    }
}

/// Each subcommand's help is its own: `user` is not described as `export-schema`.
#[test]
fn every_subcommand_has_its_own_help() {
    let data = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| String::from_utf8(opora(&data).args(args).output().unwrap().stdout).unwrap();
    let top = help(&["--help"]);
    let line = |name: &str| top.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or_default().to_owned();
    assert!(line("user").contains("Manage users"), "{top}");
    assert!(line("export-schema").contains("OpenAPI"), "{top}");
    assert!(help(&["export-schema", "--help"]).contains("--check"));
}

#[test]
fn a_bad_setting_stops_the_process_with_its_name() {
    let data = tempfile::tempdir().unwrap();
    let output = opora(&data).env("OPORA_BIND", "everywhere").arg("serve").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("OPORA_BIND") && message.contains("everywhere"), "{message}");

    let output = opora(&data).env("OPORA_JWT_SECRET", "too-short").arg("serve").output().unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("OPORA_JWT_SECRET") && message.contains("at least 32"), "{message}");
    assert!(!message.contains("too-short"), "the secret itself is not echoed");
}

#[test]
fn migrate_twice_is_a_no_op_the_second_time() {
    let data = tempfile::tempdir().unwrap();
    let first = opora(&data).arg("migrate").output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8(first.stdout).unwrap().starts_with("applied "));
    assert!(data.path().join("opora.db").exists(), "the embedded database lives in the data folder");
    let second = opora(&data).arg("migrate").output().unwrap();
    assert_eq!(String::from_utf8(second.stdout).unwrap().trim(), "the database is up to date");
}

#[test]
fn export_schema_writes_the_contracts_and_checks_the_committed_ones() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("schema");
    let written = opora(&data).args(["export-schema", "--out"]).arg(&out).output().unwrap();
    assert!(written.status.success());
    assert!(std::fs::read_to_string(out.join("openapi.json")).unwrap().contains("\"openapi\": \"3.1.0\""));
    assert!(std::fs::read_to_string(out.join("schema.graphql")).unwrap().contains("type Organization"));

    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    let check = opora(&data).args(["export-schema", "--check", "--out"]).arg(&committed).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));

    std::fs::write(out.join("schema.graphql"), "type Stale { x: Int }").unwrap();
    let stale = opora(&data).args(["export-schema", "--check", "--out"]).arg(&out).output().unwrap();
    assert!(!stale.status.success());
}

fn get(port: u16, path: &str) -> Option<String> {
    send(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
}

fn send(port: u16, request: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.write_all(request.as_bytes()).ok()?;
    // A Word document is not text: read bytes, show them lossily.
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

fn stdout_of(mut command: Command) -> String {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Bootstrapping from the host: a user, an API client and an operator token, all usable at once.
#[test]
fn operators_bootstrap_users_clients_and_tokens_on_the_host() {
    let data = tempfile::tempdir().unwrap();
    let mut user = opora(&data);
    user.env("OPORA_USER_PASSWORD", "a long enough password").args([
        "user",
        "create",
        "--email",
        "Admin@Region.example",
        "--name",
        "Администратор",
        "--role",
        "admin",
    ]);
    assert!(stdout_of(user).contains("admin@region.example"));

    let mut client = opora(&data);
    client.args(["client", "create", "--role", "importer", "--description", "Импорт из АИС"]);
    let printed = stdout_of(client);
    assert!(printed.lines().any(|l| l.starts_with("client_id=opora_")), "{printed}");
    assert!(printed.lines().any(|l| l.starts_with("client_secret=") && l.len() > 40), "{printed}");

    let mut bad = opora(&data);
    bad.args(["token", "--role", "overlord"]);
    let output = bad.output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--role"));

    let mut token = opora(&data);
    token.args(["token", "--role", "admin"]);
    assert_eq!(stdout_of(token).trim().split('.').count(), 3, "a JWT");
}

/// `serve` answers, logs JSON lines when asked to, and exits cleanly on SIGTERM.
#[test]
fn serve_logs_json_and_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = opora(&data)
        .env("OPORA_BIND", format!("127.0.0.1:{port}"))
        .env("OPORA_LOG_FORMAT", "json")
        .arg("serve")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let ready = loop {
        if let Some(response) = get(port, "/health/ready") {
            break response;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");

    // A token printed by `opora token` works against the running server.
    let mut token = opora(&data);
    token.args(["token", "--role", "admin", "--name", "ops"]);
    let token = stdout_of(token).trim().to_owned();
    let me = send(
        port,
        &format!(
            "GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    )
    .unwrap();
    assert!(me.starts_with("HTTP/1.1 200") && me.contains("operator:ops"), "{me}");
    // A failed sign-in is logged without the password.
    let form = "grant_type=password&username=nobody%40x.example&password=hunter2-secret-value";
    let refused = send(port, &format!("POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}", form.len())).unwrap();
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "the server did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");

    let lines: Vec<String> = BufReader::new(child.stdout.take().unwrap()).lines().map(Result::unwrap).collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(entry["level"].is_string(), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("shutting down")));
    let all = lines.join("\n");
    assert!(!all.contains("hunter2-secret-value") && !all.contains(&token), "secrets never reach the log");
}

#[test]
fn the_demo_loads_once_and_reference_catalogues_import() {
    let data = tempfile::tempdir().unwrap();
    let mut demo = opora(&data);
    demo.arg("demo");
    assert!(stdout_of(demo).contains("an audit of 24 parameters"));
    let again = opora(&data).arg("demo").output().unwrap();
    assert!(!again.status.success(), "the demo loads into an empty database only");

    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalogues/kalininsky-kuban-2023.json");
    let mut import = opora(&data);
    import.args(["import", "catalogue"]).arg(&file).args(["--owner", "federal"]);
    assert!(stdout_of(import).contains("7 factors, 24 parameters"));
    let bad = opora(&data).args(["import", "catalogue"]).arg(&file).args(["--owner", "district:1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--owner"));

    // The roadmap import says which flag is wrong, and finds no municipality it cannot see.
    let docx = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/roadmap-kalininsky-2023.docx");
    let roadmap = |period: &str| {
        let mut command = opora(&data);
        command.args(["import", "roadmap"]).arg(&docx).args(["--period", period]);
        command.args(["--municipality", "01a22d0f-e55a-7332-953b-d739d245e952", "--dry-run"]).output().unwrap()
    };
    let backwards = roadmap("2024-2023");
    assert!(
        String::from_utf8_lossy(&backwards.stderr).contains("--period: the period 2024–2023 ends before it starts")
    );
    let unknown = roadmap("2023-2024");
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("municipality 01a22d0f-e55a-7332-953b-d739d245e952 does not exist")
    );

    // So does the monitoring report's: a wrong id, a municipality it cannot see, a file that
    // is not a Word document.
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/monitoring-khotynetsky-2023.docx");
    let monitoring = |file: &std::path::Path, municipality: &str| {
        let mut command = opora(&data);
        command.args(["import", "monitoring"]).arg(file).args(["--municipality", municipality, "--dry-run"]);
        let output = command.output().unwrap();
        (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (ok, stderr) = monitoring(&report, "Хотынецкий");
    assert!(!ok && stderr.contains("--municipality: 'Хотынецкий' is not an id"), "{stderr}");
    let (ok, stderr) = monitoring(&report, "01a22d0f-e55a-7332-953b-d739d245e952");
    assert!(!ok && stderr.contains("does not exist"), "{stderr}");
    let not_word = data.path().join("report.docx");
    std::fs::write(&not_word, "1\t2\n").unwrap();
    let (ok, stderr) = monitoring(&not_word, "01a22d0f-e55a-7332-953b-d739d245e952");
    assert!(!ok && stderr.contains("not a readable DOCX file"), "{stderr}");

    // So does the indicator import.
    let table = data.path().join("indicators.tsv");
    std::fs::write(&table, "ОО\tПериод\tstudents\nСОШ № 1\t2023\t120\n").unwrap();
    let indicators = |municipality: &str| {
        let mut command = opora(&data);
        command.args(["import", "indicators"]).arg(&table).args(["--municipality", municipality]);
        let output = command.output().unwrap();
        (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (ok, stderr) = indicators("район");
    assert!(!ok && stderr.contains("--municipality: 'район' is not an id"), "{stderr}");
    let (ok, stderr) = indicators("01a22d0f-e55a-7332-953b-d739d245e952");
    assert!(!ok && stderr.contains("does not exist"), "{stderr}");
}

/// A request still in flight when SIGTERM arrives (its body half sent, its handler waiting)
/// delays the exit by the grace period at most, plus a second.
#[test]
fn sigterm_ends_the_process_within_the_grace_period_whatever_is_in_flight() {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = opora(&data)
        .env("OPORA_BIND", format!("127.0.0.1:{port}"))
        .env("OPORA_SHUTDOWN_TIMEOUT_SECS", "1")
        .arg("serve")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while get(port, "/health/ready").is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut token = opora(&data);
    token.args(["token", "--role", "admin"]);
    let token = stdout_of(token).trim().to_owned();
    let mut stalled = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"query\": \""
    );
    stalled.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let signalled = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let limit = Duration::from_secs(1) + Duration::from_secs(1);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if signalled.elapsed() > limit + Duration::from_secs(5) {
            let _ = child.kill();
            panic!("the server still runs long after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = signalled.elapsed();
    assert!(took <= limit, "the server took {took:?} to stop; the grace period is 1 s");
    drop(stalled);
}

/// `opora serve --demo` starts on a fresh database with the seeds loaded, and what it prints
/// works: the read-only token reads Северский район's 8 → 7 → 5 → 1, and may not write.
#[test]
fn serve_demo_prints_a_read_only_token_and_calls_that_answer() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("demo.db"), b"an old demo database").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = opora(&data)
        .env("OPORA_BIND", format!("127.0.0.1:{port}"))
        .args(["serve", "--demo"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Stopped however the test ends.
    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Running(child);
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines().map(Result::unwrap);
    let (mut token, mut lists, mut note) = (None, None, None);
    let local = |url: &str| url.trim_matches('\'').trim_start_matches(&format!("http://127.0.0.1:{port}")).to_owned();
    for line in lines.by_ref() {
        if let Some(t) = line.trim().strip_prefix("export TOKEN=") {
            token = Some(t.to_owned());
        }
        if let Some(path) = line.split_whitespace().find(|w| w.ends_with("/lists")) {
            lists = Some(local(path));
        }
        if let Some(url) = line.split_whitespace().find(|w| w.contains("format=docx")) {
            note = Some(local(url));
            break;
        }
    }
    let (token, lists) = (token.expect("a token is printed"), lists.expect("an example call is printed"));
    let note = note.expect("the Word note's call is printed");
    let started = Instant::now();
    while get(port, "/health/ready").is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let request = |method: &str, path: &str, body: &str| {
        let head = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n");
        let length = body.len();
        send(
            port,
            &format!(
                "{head}Content-Length: {length}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}"
            ),
        )
        .unwrap()
    };
    let answer = request("GET", &lists, "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let body: serde_json::Value = serde_json::from_str(&answer[answer.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    let counts: Vec<(i64, i64)> = body["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(counts, [(2020, 8), (2022, 7), (2023, 5), (2024, 1)]);
    // Seed 004 says its Table 1 was held: the demo loads it so, with nothing due left unreported.
    let execution = lists.replace("/lists", "/execution?year=2024&asOf=2025-01-01");
    let answer = request("GET", &execution, "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let body: serde_json::Value = serde_json::from_str(&answer[answer.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    let total = &body["total"];
    assert_eq!(total["due"], 11, "seed 004's eight dated occurrences of 2024 and three «в течение года»: {total}");
    assert_eq!(
        (&total["heldDue"], &total["noReport"], &total["notHeld"]),
        (&total["due"], &serde_json::json!(0), &serde_json::json!(0))
    );
    // The demo states only what the seeds state: no school is said to be small or not, no act
    // is said to approve a programme, and only seed 004's successor has a stated status.
    let body_of = |answer: &str| -> serde_json::Value {
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        serde_json::from_str(&answer[answer.find("\r\n\r\n").unwrap() + 4..]).unwrap()
    };
    let organizations = body_of(&request("GET", "/api/v1/organizations?limit=500", ""));
    let organizations = organizations["items"].as_array().unwrap();
    assert!(organizations.len() > 50 && organizations.iter().all(|o| o["isSmall"].is_null()));
    let programmes = body_of(&request("GET", "/api/v1/programmes?limit=50", ""));
    let stated: Vec<(&str, &serde_json::Value)> = programmes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["title"].as_str().unwrap(), &p["status"]))
        .filter(|(_, status)| !status.is_null())
        .collect();
    assert_eq!(stated.len(), 1, "{programmes}");
    assert!(stated[0].0.ends_with("на 2025-2030 годы") && stated[0].1 == "draft", "{stated:?}");
    assert!(programmes["items"].as_array().unwrap().iter().all(|p| p["approval"].is_null()), "{programmes}");
    let docx = request("GET", &note, "");
    assert!(docx.starts_with("HTTP/1.1 200"), "{}", &docx[..docx.len().min(300)]);
    assert!(docx.contains("wordprocessingml.document"), "the note is a Word document");
    let write = request("POST", "/api/v1/regions", r#"{"code": "99", "name": "Тестовая область"}"#);
    assert!(write.starts_with("HTTP/1.1 403"), "the demo token reads only: {write}");
}
