//! Benchmark harness: spawns the application (release build, in-process) on its own database,
//! fills it with a region of synthetic municipalities and schools, and measures latency and
//! throughput of the main read and write paths over real HTTP. Prints a Markdown table.
//!
//! `cargo bench -p opora-tests` (SQLite) or, with `OPORA_TEST_POSTGRES_URL` set, on PostgreSQL.
//! `OPORA_BENCH_SCALE` sets the number of municipalities (50 schools each; default 20).

use std::time::{Duration, Instant};

use opora_tests::{TestApp, id_of};

mod hostile;
mod roadmaps;
use serde_json::{Value, json};

struct Scenario {
    name: &'static str,
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Scenario {
    fn row(&mut self) -> String {
        self.latencies.sort_unstable();
        let pick = |q: f64| {
            let index = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
            self.latencies[index].as_secs_f64() * 1000.0
        };
        let throughput = self.latencies.len() as f64 / self.wall.as_secs_f64();
        format!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.0} |",
            self.name,
            self.latencies.len(),
            pick(0.5),
            pick(0.95),
            pick(0.99),
            throughput
        )
    }
}

/// Runs `count` requests from `concurrency` client tasks and records each latency.
async fn measure<F, Fut>(name: &'static str, count: usize, concurrency: usize, request: F) -> Scenario
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for i in (worker..count).step_by(concurrency) {
                let t = Instant::now();
                request(i).await;
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.extend(task.await.expect("a worker"));
    }
    Scenario { name, latencies, wall: started.elapsed() }
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

async fn post_ok(app: &TestApp, path: &str, body: &Value) -> Value {
    let answer = app.post(path, body).await;
    assert_eq!(answer.status.as_u16(), 201, "{}", answer.text);
    answer.body
}

#[tokio::main]
async fn main() {
    let scale: usize = std::env::var("OPORA_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let mut app = TestApp::spawn().await;
    // Concurrent writers would confuse the suite's one-event-per-write check.
    app.verify_audit = false;
    let app = std::sync::Arc::new(app);
    let backend = if app.db.is_postgres() { "PostgreSQL" } else { "SQLite" };

    let region = id_of(&post_ok(&app, "/api/v1/regions", &json!({ "code": "23", "name": "Краснодарский край" })).await);
    let mut municipalities = Vec::new();
    for m in 0..scale {
        let body = json!({ "regionId": region, "name": format!("Район {m}"), "kind": "district" });
        municipalities.push(id_of(&post_ok(&app, "/api/v1/municipalities", &body).await));
    }
    let municipalities = std::sync::Arc::new(municipalities);

    let mut scenarios = Vec::new();
    let total = scale * 50;
    let (a, m) = (app.clone(), municipalities.clone());
    scenarios.push(
        measure("create organization (POST)", total, 4, move |i| {
            let (app, municipalities) = (a.clone(), m.clone());
            async move {
                let body = json!({
                    "municipalityId": municipalities[i % municipalities.len()],
                    "kind": "secondary_school",
                    "legalForm": "МБОУ",
                    "number": i / municipalities.len() + 1,
                    "name": format!("МБОУ СОШ № {}", i / municipalities.len() + 1),
                });
                post_ok(&app, "/api/v1/organizations", &body).await;
            }
        })
        .await,
    );

    let a = app.clone();
    scenarios.push(
        measure("list organizations, 50 a page", 1000, 8, move |_| {
            let app = a.clone();
            async move {
                app.get("/api/v1/organizations?limit=50").await.expect(200);
            }
        })
        .await,
    );

    let a = app.clone();
    scenarios.push(
        measure("text search (q=сош № 7)", 1000, 8, move |_| {
            let app = a.clone();
            async move {
                app.get("/api/v1/organizations?q=%D1%81%D0%BE%D1%88%20%E2%84%967&limit=50").await.expect(200);
            }
        })
        .await,
    );

    let (a, m) = (app.clone(), municipalities.clone());
    scenarios.push(
        measure("resolve «МБОУ СОШ № 7» (50 candidates)", 1000, 8, move |i| {
            let (app, municipalities) = (a.clone(), m.clone());
            async move {
                let path = format!(
                    "/api/v1/municipalities/{}/organizations/resolve?ref=%D0%9C%D0%91%D0%9E%D0%A3%20%D0%A1%D0%9E%D0%A8%20%E2%84%96%207",
                    municipalities[i % municipalities.len()]
                );
                app.get(&path).await.expect(200);
            }
        })
        .await,
    );

    let a = app.clone();
    let region_id = region.clone();
    scenarios.push(
        measure("GraphQL region → municipalities → organizations", 100, 4, move |_| {
            let (app, region) = (a.clone(), region_id.clone());
            async move {
                let query = format!(
                    "query($id: UUID!) {{ region(id: $id) {{ municipalities(first: {scale}) {{ name organizations(first: 50) {{ name number }} }} }} }}"
                );
                let response = app.graphql(&query, json!({ "id": region })).await;
                assert!(response.get("errors").is_none(), "{response}");
            }
        })
        .await,
    );

    println!("\nOpora benchmark: {backend}, {scale} municipalities × 50 schools = {total} organizations\n");
    println!("| scenario | requests | p50 ms | p95 ms | p99 ms | req/s |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for scenario in &mut scenarios {
        println!("{}", scenario.row());
    }
    if let Some(rss) = peak_rss_mib() {
        println!("\npeak resident memory of the process (server and client together): {rss:.0} MiB");
    }
    hostile::report(&app, &municipalities[0]).await;
    roadmaps::report(&app, &municipalities[0]).await;
}
