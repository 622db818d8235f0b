//! What a roadmap import costs as it grows, up to the largest the reader accepts: each table
//! imported once into a year of its own, timed end to end over HTTP.

use std::time::Instant;

use opora_tests::{TestApp, numbered_roadmap};

pub(crate) async fn report(app: &TestApp, municipality: &str) {
    println!("\nRoadmap imports (one request each, TSV, no audit)\n");
    println!("| measures | body KB | status | answered in ms | measures/s |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for (measures, year) in [(1_000, 2091), (5_000, 2092), (9_999, 2093), (10_000, 2094)] {
        let body = numbered_roadmap(measures, year);
        let kb = body.len() / 1024;
        let path = format!("/api/v1/imports/roadmap?municipalityId={municipality}&periodFrom={year}&periodTo={year}");
        let started = Instant::now();
        let status = app.upload(&path, "text/tab-separated-values", body).await.status.as_u16();
        let elapsed = started.elapsed();
        let rate = if status == 201 { format!("{:.0}", measures as f64 / elapsed.as_secs_f64()) } else { "—".into() };
        println!("| {measures} | {kb} | {status} | {:.0} | {rate} |", elapsed.as_secs_f64() * 1000.0);
    }
}
