//! The hostile requests of the hardening issue, measured: how fast each is answered, how slow
//! `/health/live` gets while it runs, and how much the process's resident memory grows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use opora_tests::{TestApp, shared_strings_xlsx, sparse_xlsx};
use serde_json::json;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

enum Hostile {
    Upload { path: String, content_type: &'static str, body: Vec<u8> },
    Graphql(String),
}

/// Sends each hostile request once while a probe asks `/health/live` every 10 ms; prints a table.
pub(crate) async fn report(app: &Arc<TestApp>, municipality: &str) {
    let audit = format!("/api/v1/imports/audit?municipalityId={municipality}&date=2023-03-01");
    let mut fan_out = String::from("query { ...F0 }\n");
    for level in 0..25 {
        fan_out.push_str(&format!("fragment F{level} on QueryRoot {{ ...F{n} ...F{n} }}\n", n = level + 1));
    }
    fan_out.push_str("fragment F25 on QueryRoot { regions { totalCount } }\n");
    let cases: Vec<(&str, Hostile)> = vec![
        ("XLSX with cells A1 and XFD1048576 (1.5 KB)", Hostile::Upload {
            path: audit.clone(),
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body: sparse_xlsx(),
        }),
        ("XLSX declaring 10^11 shared strings", Hostile::Upload {
            path: audit.clone(),
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            body: shared_strings_xlsx(),
        }),
        ("CSV of 10^6 lines (2 MB)", Hostile::Upload { path: audit.clone(), content_type: "text/csv", body: "1\n".repeat(1_000_000).into_bytes() }),
        ("CSV of 160,000 rows of 5 cells (4 MB)", Hostile::Upload { path: audit, content_type: "text/csv", body: "1,Кадры,Дефицит,1.1,СОШ № 2\n".repeat(160_000).into_bytes() }),
        ("GraphQL list literal nested 2,000 deep", Hostile::Graphql(format!("{{ regions(search: {}\"x\"{}) {{ totalCount }} }}", "[".repeat(2000), "]".repeat(2000)))),
        ("GraphQL fragment fan-out of 2^25", Hostile::Graphql(fan_out)),
        ("GraphQL organizations → region → municipalities → organizations ×3", Hostile::Graphql("{ organizations(first: 500) { edges { node { region { municipalities { organizations { region { municipalities { organizations { name } } } } } } } } } }".into())),
    ];
    println!("\nHostile requests (each sent once, as the administrator; the server in the same process)\n");
    println!(
        "| request | status | answered in ms | slowest /health/live meanwhile, ms | resident memory growth, MiB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, case) in cases {
        let before = rss_mib();
        let running = Arc::new(AtomicBool::new(true));
        let slowest = Arc::new(AtomicU64::new(0));
        let probe = {
            let (app, running, slowest) = (app.clone(), running.clone(), slowest.clone());
            tokio::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    app.anonymous().get("/health/live").await.expect(200);
                    slowest.fetch_max(t.elapsed().as_micros() as u64, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        };
        let started = Instant::now();
        let status = match case {
            Hostile::Upload { path, content_type, body } => app.upload(&path, content_type, body).await.status.as_u16(),
            Hostile::Graphql(query) => {
                let answer = app.post("/graphql", &json!({ "query": query })).await;
                assert!(answer.body["errors"][0]["extensions"]["code"].is_string(), "{}", answer.text);
                answer.status.as_u16()
            }
        };
        let elapsed = started.elapsed();
        tokio::time::sleep(Duration::from_millis(30)).await;
        running.store(false, Ordering::Relaxed);
        probe.await.expect("the probe");
        println!(
            "| {name} | {status} | {:.1} | {:.1} | {:+.1} |",
            elapsed.as_secs_f64() * 1000.0,
            slowest.load(Ordering::Relaxed) as f64 / 1000.0,
            rss_mib() - before
        );
    }
}
