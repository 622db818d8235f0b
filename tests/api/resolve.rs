//! Resolving the references that documents write, through the registry of a municipality.

use opora_tests::{Territory, TestApp, create_territory};
use serde_json::json;

async fn resolve(app: &TestApp, municipality: &str, reference: &str) -> opora_tests::Answer {
    let url = reqwest::Url::parse_with_params(
        &app.url(&format!("/api/v1/municipalities/{municipality}/organizations/resolve")),
        &[("ref", reference)],
    )
    .unwrap();
    app.get(&url.as_str()[app.base.len()..]).await
}

async fn expect_resolved(app: &TestApp, territory: &Territory, key: &str, reference: &str, owner: &str, name: &str) {
    let answer = resolve(app, territory.municipality(key), reference).await;
    let body = answer.expect(200);
    assert_eq!(body["organization"]["id"], json!(territory.organization(owner, name)), "'{reference}'");
    assert_eq!(body["reference"]["original"], reference);
}

#[tokio::test]
async fn seed_references_resolve_in_their_municipality() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    for (key, reference, owner, name) in [
        ("kalininsky-kuban", "МАОУ СОШ№1", "kalininsky-kuban", "МАОУ СОШ № 1"),
        ("kalininsky-kuban", "ООШ №11", "kalininsky-kuban", "ООШ № 11"),
        ("kalininsky-kuban", "РВСОШ", "kalininsky-kuban", "Районная вечерняя средняя общеобразовательная школа"),
        ("kalininsky-kuban", "МКУО ЦОКО", "kalininsky-kuban", "МКУО ЦОКО"),
        (
            "kalininsky-tver",
            "МОУ Заволжская СОШ им.П.П.Смирнова»",
            "kalininsky-tver",
            "МОУ «Заволжская СОШ им. П.П. Смирнова»",
        ),
        ("kalininsky-tver", "ГБУ ТО ЦОКО", "69", "ГБУ ТО ЦОКО"),
        ("seversky", "МБОУ СОШ № 7", "seversky", "МБОУ СОШ № 7"),
        ("seversky", "МАОУ лицей пгт Афипского", "seversky", "МАОУ лицей пгт Афипского"),
        (
            "khotynetsky",
            "МБОУ-Красноярбинская СОШ им. П. И. Бровичева",
            "khotynetsky",
            "МБОУ «Красноярбинская СОШ им. П.И. Бровичева»",
        ),
        ("khotynetsky", "Департамент образования Орловской области", "57", "Департамент образования Орловской области"),
    ] {
        expect_resolved(&app, &t, key, reference, owner, name).await;
    }
}

#[tokio::test]
async fn a_reference_never_reaches_into_another_municipality() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    // СОШ № 2 exists in both municipalities of Краснодарский край.
    expect_resolved(&app, &t, "seversky", "СОШ № 2", "seversky", "МБОУ СОШ № 2").await;
    expect_resolved(&app, &t, "kalininsky-kuban", "СОШ № 2", "kalininsky-kuban", "СОШ № 2").await;
    // The lyceum is Северский's only.
    let problem = resolve(&app, t.municipality("kalininsky-kuban"), "МАОУ лицей пгт Афипского").await.expect(404);
    assert_eq!(problem["code"], "reference_not_found");
}

#[tokio::test]
async fn lists_ranges_and_generic_terms_are_precise_errors() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let m = t.municipality("kalininsky-kuban");
    for (reference, code) in [
        ("СОШ № 1-14", "reference_is_a_range"),
        ("СОШ №2, 9, 10, 14, ООШ №11", "reference_is_a_list"),
        ("ОО", "generic_reference"),
        ("МБОУ СОШ", "incomplete_reference"),
    ] {
        let problem = resolve(&app, m, reference).await.expect(422);
        assert_eq!(problem["code"], "invalid_reference");
        assert_eq!(problem["errors"][0]["field"], "ref");
        assert_eq!(problem["errors"][0]["code"], code, "'{reference}'");
        assert!(problem["detail"].as_str().unwrap().contains(reference), "the text that failed is quoted");
    }
    assert_eq!(resolve(&app, m, "ГДК").await.expect(404)["code"], "reference_not_found");
}

#[tokio::test]
async fn an_ambiguous_reference_lists_its_candidates() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let seversky = t.municipality("seversky");
    let body = json!({ "municipalityId": seversky, "kind": "secondary_school", "number": 7, "name": "МБОУ СОШ № 7 ст. Северской" });
    app.post("/api/v1/organizations", &body).await.expect(201);
    let problem = resolve(&app, seversky, "СОШ № 7").await.expect(409);
    assert_eq!(problem["code"], "ambiguous_reference");
    let mut candidates: Vec<&str> =
        problem["candidates"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    candidates.sort_unstable();
    assert_eq!(candidates, ["МБОУ СОШ № 7", "МБОУ СОШ № 7 ст. Северской"]);
    // The alias written in seed 004 settles it.
    expect_resolved(&app, &t, "seversky", "МБОУ СОШ №7 станицы Ставропольской", "seversky", "МБОУ СОШ № 7").await;
}

#[tokio::test]
async fn resolving_in_an_unknown_municipality_is_not_found() {
    let app = TestApp::spawn().await;
    let problem = resolve(&app, "01a20874-0d98-716b-993e-87f46be7e4af", "СОШ № 1").await.expect(404);
    assert_eq!(problem["code"], "not_found");
    let missing = app.get("/api/v1/municipalities/01a20874-0d98-716b-993e-87f46be7e4af/organizations/resolve").await;
    let missing = missing.expect(422);
    assert_eq!(
        (missing["code"].as_str(), missing["errors"][0]["field"].as_str()),
        (Some("validation_failed"), Some("ref"))
    );
    assert_eq!(missing["errors"][0]["code"], "required");
}

#[tokio::test]
async fn a_resolution_says_how_it_was_read_and_two_differences_are_a_question() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    // Северский район registers its schools as МБОУ.
    let legal_form = resolve(&app, t.municipality("seversky"), "МАОУ СОШ № 2").await.expect(200);
    assert_eq!(legal_form["organization"]["name"], "МБОУ СОШ № 2");
    assert_eq!(
        (legal_form["reading"].as_str(), &legal_form["differences"]),
        (Some("parsed"), &json!(["legal_form_differs"]))
    );
    let kind = resolve(&app, kuban, "СОШ № 11").await.expect(200);
    assert_eq!(kind["organization"]["name"], "ООШ № 11");
    assert_eq!(kind["differences"], json!(["school_type_differs"]));
    assert!(kind["note"].as_str().unwrap().contains("ООШ № 11"), "{kind}");
    let registered = resolve(&app, kuban, "ЦОКО").await.expect(200);
    assert_eq!((registered["reading"].as_str(), &registered["differences"]), (Some("registered"), &json!([])));
    // Kind and honorary name both disagree with the only school № 2: not a match.
    let question = resolve(&app, kuban, "гимназия № 2 им. Ленина").await.expect(409);
    assert_eq!(question["code"], "ambiguous_reference");
    assert_eq!(question["candidates"][0]["name"], "СОШ № 2");
}

#[tokio::test]
async fn graphql_reads_references_as_rest_does() {
    let app = TestApp::spawn().await;
    let t = create_territory(&app).await;
    let kuban = t.municipality("kalininsky-kuban");
    let query = "query($m: UUID!, $r: String!) { resolveReference(municipalityId: $m, ref: $r) { organization { name } reading differences note } }";
    for text in ["МАОУ СОШ № 1 им. Ленина", "СОШ № 11", "ЦОКО"] {
        let rest = resolve(&app, kuban, text).await.expect(200);
        let graphql = app.graphql(query, json!({ "m": kuban, "r": text })).await;
        let read = &graphql["data"]["resolveReference"];
        assert_eq!(read["organization"]["name"], rest["organization"]["name"], "'{text}'");
        assert_eq!(
            (&read["reading"], &read["differences"], &read["note"]),
            (&rest["reading"], &rest["differences"], &rest["note"])
        );
    }
    let question = app.graphql(query, json!({ "m": kuban, "r": "гимназия № 2 им. Ленина" })).await;
    assert_eq!(question["errors"][0]["extensions"]["code"], "ambiguous_reference", "{question}");
    let unknown = app.graphql(query, json!({ "m": kuban, "r": "Северский" })).await;
    assert_eq!(unknown["errors"][0]["extensions"]["code"], "reference_not_found", "{unknown}");
}
