//! Early warning on seed 001's audit: every entry explains its score, a rule set can be tried
//! before it is published, and a factor's weight moves the ranking exactly as the explanations
//! predict.

use std::collections::HashMap;

use opora_tests::{SEED_001_AUDIT, TestApp, create_territory};
use serde_json::{Value, json};

const TSV: &str = "text/tab-separated-values";

fn rule(name: &str, factor4: Option<f64>, publish: bool) -> Value {
    let weights = factor4.map(|w| json!([{ "factor": 4, "weight": w }])).unwrap_or(json!([]));
    json!({ "name": name, "source": "Тестовые веса: по баллу за каждый выявленный параметр",
        "factorWeights": weights, "defaultWeight": 1.0, "trendWeight": 1.0, "publish": publish })
}

/// (name, score) ranked as the rule says: highest first, ties by name.
fn ranked(mut scores: Vec<(String, f64)>) -> Vec<(String, f64)> {
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scores
}

fn entries(list: &Value) -> Vec<(String, f64)> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["organization"]["name"].as_str().unwrap().to_owned(), e["score"].as_f64().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_watchlist_explains_every_entry_and_a_weight_moves_it_as_predicted() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let audit = app
        .upload(&format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01"), TSV, SEED_001_AUDIT.into())
        .await
        .expect(201);
    let watchlist = format!("/api/v1/municipalities/{kuban}/watchlist?year=2023&top=20");
    let problem = app.get(&watchlist).await.expect(409);
    assert_eq!(problem["code"], "conflict");

    // What the audit matrix says of each school: its present parameters, and those of factor 4.
    let matrix = app.get(&format!("/api/v1/audits/{}/matrix", audit["auditId"].as_str().unwrap())).await.expect(200);
    let counts: HashMap<String, (f64, f64)> = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let present: Vec<&str> = r["present"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            let factor4 = present.iter().filter(|c| c.starts_with("4.")).count();
            (r["name"].as_str().unwrap().to_owned(), (present.len() as f64, factor4 as f64))
        })
        .collect();

    let v1 = app.post("/api/v1/watch-rules", &rule("Веса ШНОР", None, true)).await.expect(201);
    assert_eq!((v1["version"].as_i64(), v1["status"].as_str()), (Some(1), Some("published")));
    assert!(v1["author"].as_str().unwrap().starts_with("operator:"), "{v1}");
    let flat = app.get(&watchlist).await.expect(200);
    for e in flat["entries"].as_array().unwrap() {
        let points: f64 = e["contributions"].as_array().unwrap().iter().map(|c| c["points"].as_f64().unwrap()).sum();
        assert_eq!(points, e["score"].as_f64().unwrap(), "the contributions add up: {e}");
    }
    let expected_flat = ranked(counts.iter().map(|(n, (all, _))| (n.clone(), *all)).collect());
    assert_eq!(entries(&flat), expected_flat, "one point per present parameter");

    // Factor 4 at 10 points: each school gains 9 per factor-4 finding, as its explanation says.
    let heavy_rule = rule("Веса ШНОР", Some(10.0), false);
    let dry = app.post(&format!("/api/v1/municipalities/{kuban}/watchlist/dry-run?year=2023&top=5"), &heavy_rule).await;
    let dry = dry.expect(200);
    let predicted = ranked(counts.iter().map(|(n, (all, f4))| (n.clone(), all + 9.0 * f4)).collect());
    assert_eq!(entries(&dry["proposed"]), predicted[..5].to_vec());
    let names = |v: &Value| -> Vec<String> {
        let mut n: Vec<String> = v.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect();
        n.sort();
        n
    };
    let top = |list: &[(String, f64)]| list.iter().take(5).map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let (before, after) = (top(&expected_flat), top(&predicted));
    let mut entering: Vec<String> = after.iter().filter(|n| !before.contains(n)).cloned().collect();
    let mut leaving: Vec<String> = before.iter().filter(|n| !after.contains(n)).cloned().collect();
    entering.sort();
    leaving.sort();
    assert_eq!((names(&dry["entering"]), names(&dry["leaving"])), (entering, leaving));
    assert_eq!(
        app.get("/api/v1/watch-rules").await.expect(200).as_array().unwrap().len(),
        1,
        "a dry run records nothing"
    );

    let v2 = app.post("/api/v1/watch-rules", &rule("Веса ШНОР", Some(10.0), true)).await.expect(201);
    assert_eq!(v2["version"], 2);
    let heavy = app.get(&format!("/api/v1/municipalities/{kuban}/watchlist?year=2023&top=5")).await.expect(200);
    assert_eq!(heavy["entries"], dry["proposed"]["entries"]);
    let dashboard = app.get(&format!("/api/v1/municipalities/{kuban}/dashboard?year=2023")).await.expect(200);
    let ten = app.get(&format!("/api/v1/municipalities/{kuban}/watchlist?year=2023&top=10")).await.expect(200);
    assert_eq!(dashboard["watchlist"], ten, "the dashboard shows the first ten places");
    assert_eq!(heavy["ruleSet"]["id"], v2["id"]);
    let query = "query($m: UUID!) { watchlist(municipalityId: $m, year: 2023, top: 5) { entries { rank score organization { name } } } }";
    let answer = app.graphql(query, json!({ "m": kuban })).await;
    let graphql: Vec<f64> = answer["data"]["watchlist"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["score"].as_f64().unwrap())
        .collect();
    assert_eq!(graphql, predicted[..5].iter().map(|(_, s)| *s).collect::<Vec<_>>(), "{answer}");

    // A school in the year's list is not on the watchlist.
    let top_school = &predicted[0].0;
    app.upload(
        &format!("/api/v1/imports/lists?municipalityId={kuban}"),
        TSV,
        format!("Год\tОО\n2023\t{top_school}\n").into(),
    )
    .await
    .expect(201);
    let after_list = app.get(&watchlist).await.expect(200);
    assert!(entries(&after_list).iter().all(|(n, _)| n != top_school), "{top_school} is listed in 2023");
}

#[tokio::test]
async fn rule_sets_are_checked_and_the_watchlist_is_scoped() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let (kuban, seversky) = (t.municipality("kalininsky-kuban"), t.municipality("seversky"));
    for (body, field) in [
        (json!({ "name": "Веса", "source": "", "factorWeights": [] }), "source"),
        (
            json!({ "name": "Веса", "source": "Метод", "factorWeights": [{ "factor": 0, "weight": 1.0 }] }),
            "factorWeights[0].factor",
        ),
        (
            json!({ "name": "Веса", "source": "Метод", "factorWeights": [{ "factor": 1, "weight": 1e9 }] }),
            "factorWeights[0].weight",
        ),
        (json!({ "name": "Веса", "source": "Метод", "trendWeight": -5000.0 }), "trendWeight"),
    ] {
        let problem = app.post("/api/v1/watch-rules", &body).await.expect(422);
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let dry = format!("/api/v1/municipalities/{kuban}/watchlist/dry-run?year=2023");
    app.post(&dry, &json!({ "name": "Веса", "source": "" })).await.expect(422);
    app.get(&format!("/api/v1/municipalities/{kuban}/watchlist?top=0")).await.expect(422);
    assert_eq!(app.get("/api/v1/watch-rules").await.expect(200), json!([]));

    let (_, token) = app.sign_in_as("municipal", json!({ "level": "municipality", "id": seversky })).await;
    let stranger = app.as_caller(&token);
    let body = rule("Веса", None, true);
    stranger.post("/api/v1/watch-rules", &body).await.expect(403);
    app.post("/api/v1/watch-rules", &body).await.expect(201);
    stranger.get(&format!("/api/v1/municipalities/{kuban}/watchlist")).await.expect(404);
    stranger.post(&dry, &body).await.expect(404);
    stranger.get(&format!("/api/v1/municipalities/{seversky}/watchlist")).await.expect(200);
    app.anonymous().get(&format!("/api/v1/municipalities/{kuban}/watchlist")).await.expect(401);
}

#[tokio::test]
async fn a_falling_indicator_weighs_in_as_its_explanation_says() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    app.upload(&format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01"), TSV, SEED_001_AUDIT.into())
        .await
        .expect(201);
    app.post("/api/v1/watch-rules", &rule("Веса ШНОР", None, true)).await.expect(201);
    let path = format!("/api/v1/municipalities/{kuban}/watchlist?year=2023&top=100");
    let flat = entries(&app.get(&path).await.expect(200));
    // The last school of the ranking loses 20 of its 120 students; the one before it gains 5.
    let (last, before_last) = (&flat[flat.len() - 1], &flat[flat.len() - 2]);
    let table = format!(
        "ОО\tПериод\tstudents\n{0}\t2022\t120\n{0}\t2023\t100\n{1}\t2022\t80\n{1}\t2023\t85\n",
        last.0, before_last.0
    );
    app.upload(&format!("/api/v1/imports/indicators?municipalityId={kuban}"), TSV, table.into_bytes())
        .await
        .expect(201);

    // A falling contingent is the warning: −1 point per student gained, +1 per student lost.
    let mut draft = rule("Контингент", None, false);
    draft["indicatorWeights"] = json!([{ "code": "students", "weight": -1.0 }]);
    let dry = app
        .post(&format!("/api/v1/municipalities/{kuban}/watchlist/dry-run?year=2023&top=100"), &draft)
        .await
        .expect(200);
    let scores: HashMap<String, f64> = flat.iter().cloned().collect();
    let mut predicted: Vec<(String, f64)> = flat.clone();
    for (name, score) in &mut predicted {
        if *name == last.0 {
            *score = scores[name] + 20.0;
        } else if *name == before_last.0 {
            *score = scores[name] - 5.0;
        }
    }
    assert_eq!(entries(&dry["proposed"]), ranked(predicted));
    let entry = dry["proposed"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["organization"]["name"] == last.0.as_str())
        .unwrap();
    let trend = entry["contributions"].as_array().unwrap().iter().find(|c| c["input"] == "indicator:students").unwrap();
    assert_eq!(
        (trend["amount"].as_f64(), trend["weight"].as_f64(), trend["points"].as_f64()),
        (Some(-20.0), Some(-1.0), Some(20.0))
    );
    assert_eq!(dry["proposed"]["ruleSet"]["indicatorWeights"], json!([{ "code": "students", "weight": -1.0 }]));

    for (weights, field) in [
        (json!([{ "code": "no_such_indicator", "weight": 1.0 }]), "indicatorWeights[0].code"),
        (json!([{ "code": "Ученики", "weight": 1.0 }]), "indicatorWeights[0].code"),
        (
            json!([{ "code": "students", "weight": 1.0 }, { "code": "students", "weight": 2.0 }]),
            "indicatorWeights[1].code",
        ),
        (json!([{ "code": "students", "weight": 1e9 }]), "indicatorWeights[0].weight"),
    ] {
        let mut bad = rule("Контингент", None, true);
        bad["indicatorWeights"] = weights;
        let answer = app.post("/api/v1/watch-rules", &bad).await.expect(422);
        assert!(answer["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {answer}");
    }
    assert_eq!(app.get("/api/v1/watch-rules").await.expect(200).as_array().unwrap().len(), 1, "nothing was recorded");
}

/// Each school's score under one point per present parameter, read from an audit's matrix.
async fn flat_scores(app: &TestApp, audit: &str) -> Vec<(String, f64)> {
    let matrix = app.get(&format!("/api/v1/audits/{audit}/matrix")).await.expect(200);
    let scores = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_owned(), r["present"].as_array().unwrap().len() as f64));
    ranked(scores.filter(|(_, n)| *n > 0.0).collect())
}

#[tokio::test]
async fn the_watchlist_follows_a_corrected_audit_and_leaves_a_withdrawn_one() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let import = format!("/api/v1/imports/audit?municipalityId={kuban}&date=2023-03-01");
    let first = app.upload(&import, TSV, SEED_001_AUDIT.into()).await.expect(201);
    let first = first["auditId"].as_str().unwrap().to_owned();
    app.post("/api/v1/watch-rules", &rule("Веса ШНОР", None, true)).await.expect(201);
    let watchlist = format!("/api/v1/municipalities/{kuban}/watchlist?year=2023&top=50");
    let before = flat_scores(&app, &first).await;
    let listed: Vec<(String, f64)> =
        entries(&app.get(&watchlist).await.expect(200)).into_iter().filter(|e| e.1 > 0.0).collect();
    assert_eq!(listed, before);

    // The corrected audit finds 1.1 at СОШ № 2 only: four schools lose a point.
    let corrected = SEED_001_AUDIT.replacen("СОШ №2, 9, 10, 14, ООШ №11", "СОШ №2", 1);
    let second = app.upload(&import, TSV, corrected.into_bytes()).await.expect(201);
    let second = second["auditId"].as_str().unwrap().to_owned();
    let after = flat_scores(&app, &second).await;
    assert_ne!(after, before);
    let listed: Vec<(String, f64)> =
        entries(&app.get(&watchlist).await.expect(200)).into_iter().filter(|e| e.1 > 0.0).collect();
    assert_eq!(listed, after, "the watchlist reads the corrected audit");

    // Withdrawn, no audit is held for the year: the watchlist says so rather than rank on it.
    app.delete(&format!("/api/v1/audits/{second}?reason=x")).await.expect(200);
    let empty = app.get(&watchlist).await.expect(200);
    assert_eq!((&empty["auditId"], &empty["entries"]), (&Value::Null, &json!([])), "{empty}");
}
