//! The analytical note's charts, served as SVG for portals to embed: each bar's figure is the
//! figure of the call the note links, recomputed here, and a chart answers only those who may
//! read the municipality.

use serde_json::{Value, json};

use crate::dashboards::seeded;

/// The texts of an SVG chart, in order: its title, then each bar's label and figure.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
        .collect()
}

/// The bars of a chart: `(label, figure)` after the title.
fn bars(svg: &str) -> Vec<(String, String)> {
    texts(svg)[1..].chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect()
}

#[tokio::test]
async fn each_chart_draws_the_figures_of_the_call_it_illustrates() {
    let s = seeded().await;
    let chart = |m: &str, name: &str, from: i32, to: i32| {
        format!("/api/v1/municipalities/{m}/charts/{name}.svg?from={from}&to={to}")
    };
    // Seed 004's list: 8 → 7 → 5 → 1, no bar for 2021, which had no decision.
    let svg = s.app.get(&chart(&s.seversky, "lists", 2020, 2024)).await;
    assert_eq!(svg.content_type(), "image/svg+xml");
    let lists = s.app.get(&format!("/api/v1/municipalities/{}/lists", s.seversky)).await.expect(200);
    let expected: Vec<(String, String)> = lists["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (format!("{} год", y["year"]), y["count"].to_string()))
        .collect();
    assert_eq!(bars(&svg.text), expected);
    assert_eq!(expected.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(), ["8", "7", "5", "1"]);

    // The execution of 2024: as the execution call counts it, as of the day after the year.
    let svg = s.app.get(&chart(&s.seversky, "execution", 2020, 2024)).await.text;
    let execution = format!("/api/v1/municipalities/{}/execution?year=2024&asOf=2025-01-01", s.seversky);
    let total = s.app.get(&execution).await.expect(200)["total"].clone();
    let figures: Vec<String> = bars(&svg).into_iter().map(|(_, f)| f).collect();
    assert_eq!(figures, [&total["heldDue"], &total["notHeld"], &total["noReport"]].map(Value::to_string));
    assert_eq!(figures[2], "11", "seed 004's eleven occurrences of 2024, none reported");

    // Seed 001's audit: schools per factor, out of the 15 audited; МКУО ЦОКО is not a school.
    let svg = s.app.get(&chart(&s.kuban, "prevalence", 2023, 2023)).await.text;
    let dashboard = s.app.get(&format!("/api/v1/municipalities/{}/dashboard?year=2023", s.kuban)).await.expect(200);
    let factors = dashboard["audit"]["factors"].as_array().unwrap();
    let expected: Vec<(String, String)> = factors
        .iter()
        .map(|f| {
            (
                format!("{}. {}", f["code"].as_str().unwrap(), f["name"].as_str().unwrap()),
                format!("{} (из 15)", f["organizations"]),
            )
        })
        .collect();
    let drawn = bars(&svg);
    assert_eq!(drawn.len(), expected.len());
    for ((label, figure), (name, count)) in drawn.iter().zip(&expected) {
        assert_eq!(figure, count);
        // Long names are cut to fit, never changed.
        assert!(name.starts_with(label.trim_end_matches('…')), "{label} / {name}");
    }

    // Seed 002: 48 trained in 2019/20 is five schools' sum, drawn as such; 411 is the district's.
    let svg = s.app.get(&chart(&s.tver, "indicator-pd_completed", 2019, 2023)).await.text;
    let series = s.app.get(&format!("/api/v1/indicators/series?municipalityId={}&codes=pd_completed", s.tver)).await;
    let points = series.expect(200)[0]["points"].clone();
    let (first, second) = (&points[0], &points[1]);
    assert_eq!((first["value"].as_f64(), second["value"].as_f64()), (Some(48.0), Some(411.0)));
    let partial = format!("48 (по данным {} из {} ОО)", first["organizations"], first["registered"]);
    assert_eq!(bars(&svg), [("2019/20".to_owned(), partial), ("2022/23".to_owned(), "411".to_owned())]);

    // The note shows the same pictures, by the same calls.
    let note = format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky);
    let markdown = s.app.get(&note).await.text;
    for name in ["lists", "execution"] {
        let call = chart(&s.seversky, name, 2020, 2024);
        assert!(markdown.contains(&format!("]({call})")), "{name}: {markdown}");
    }
    assert!(!markdown.contains("prevalence.svg"), "Северский район has no audit: no chart of one");
    let html = s.app.get(&format!("{note}&format=html")).await.text;
    let drawn = s.app.get(&chart(&s.seversky, "lists", 2020, 2024)).await.text;
    assert!(html.contains(drawn.trim()), "the page inlines the very chart served");
}

#[tokio::test]
async fn a_chart_is_refused_to_strangers_and_to_bad_names_and_periods() {
    let s = seeded().await;
    let base = format!("/api/v1/municipalities/{}/charts", s.seversky);
    for bad in ["unknown.svg", "lists.png", "lists", "..%2Flists.svg", "indicator-.svg"] {
        let answer = s.app.get(&format!("{base}/{bad}?from=2020&to=2024")).await;
        assert_eq!(answer.status.as_u16(), 404, "{bad}: {}", answer.text);
        assert_eq!(answer.body["code"], "not_found", "{bad}");
    }
    for query in ["from=2024&to=2020", "from=1900&to=2024", "from=2020", "from=2020&to=2024&x=1", "from=a&to=2024"] {
        let answer = s.app.get(&format!("{base}/lists.svg?{query}")).await;
        assert_eq!(answer.status.as_u16(), 422, "{query}: {}", answer.text);
    }
    s.app.anonymous().get(&format!("{base}/lists.svg?from=2020&to=2024")).await.expect(401);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    let answer = s.app.as_caller(&token).get(&format!("{base}/lists.svg?from=2020&to=2024")).await;
    assert_eq!(answer.status.as_u16(), 404, "another district's chart is not there for them: {}", answer.text);
    assert!(!answer.text.contains("<svg"));
}
