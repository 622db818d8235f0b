//! The notes a municipality issues: every figure of Северский район's analytical note checked
//! against seed 004, the Word version converted by LibreOffice with seed 004's table on its
//! page, and the signature each municipality sets.

use serde_json::json;

use crate::dashboards::seeded;

/// Seed 004's list table, column by column, as the report prints it.
const SEED_004_COLUMNS: [(i32, &[&str]); 4] = [
    (
        2020,
        &[
            "МБОУ СОШ № 2",
            "МБОУ СОШ № 11",
            "МБОУ ООШ № 8",
            "МБОУ ООШ № 12",
            "МБОУ СОШ № 32",
            "МБОУ СОШ № 36",
            "МБОУ СОШ № 45",
            "МАОУ лицей пгт Афипского",
        ],
    ),
    (
        2022,
        &[
            "МБОУ СОШ № 6",
            "МБОУ СОШ № 7",
            "МБОУ ООШ № 8",
            "МБОУ СОШ № 19",
            "МБОУ СОШ № 23",
            "МБОУ СОШ № 32",
            "МБОУ СОШ № 59",
        ],
    ),
    (2023, &["МБОУ СОШ № 6", "МБОУ СОШ № 7", "МБОУ ООШ № 8", "МБОУ СОШ № 21", "МБОУ СОШ № 27"]),
    (2024, &["МБОУ СОШ № 7"]),
];

/// Seed 004's Table 1, the dates of 2024: the working group in November, the visit in March,
/// seminars in February and April, meetings in March and October, the internship in April, the
/// evaluation in September; and three activities «в течение года».
const SEED_004_DATED_2024: usize = 8;
const SEED_004_ALL_YEAR: usize = 3;
/// The schools seed 004 names: its list table and СОШ № 43 of Table 1.
const SEED_004_SCHOOLS: usize = 16;

/// The figures of a note, in order: the text of every `[figure](call)` with its call.
fn figures(note: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = note;
    while let Some(start) = rest.find('[') {
        let mid = start + rest[start..].find("](").unwrap();
        let end = mid + rest[mid..].find(')').unwrap();
        // `![chart](call)` is a picture, not a figure.
        if !rest[..start].ends_with('!') {
            out.push((rest[start + 1..mid].to_owned(), rest[mid + 2..end].to_owned()));
        }
        rest = &rest[end + 1..];
    }
    out
}

#[tokio::test]
async fn every_figure_of_the_seversky_note_is_seed_004s_and_links_to_its_call() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky);
    let answer = s.app.get(&path).await;
    assert!(answer.content_type().starts_with("text/markdown"), "{}", answer.content_type());
    let note = answer.text.clone();
    answer.expect(200);
    assert!(note.contains("Северский район"), "{note}");
    // The heading names the region (two districts of the demo are «Калининский район»), and the
    // count of schools says it is the registry's.
    assert!(note.contains("**Северский район** (Краснодарский край)"), "{note}");
    assert!(note.contains("Общеобразовательных организаций, внесённых в реестр Opora:"), "{note}");

    // What seed 004 says, counted here from its table.
    let set = |i: usize| SEED_004_COLUMNS[i].1.iter().copied().collect::<std::collections::BTreeSet<_>>();
    let mut expected: Vec<usize> = vec![SEED_004_SCHOOLS];
    for i in 0..SEED_004_COLUMNS.len() {
        // The first list has no list before it: its entrants and leavers are not known.
        if i == 0 {
            expected.push(set(i).len());
            continue;
        }
        expected.extend([set(i).len(), set(i).difference(&set(i - 1)).count(), set(i - 1).difference(&set(i)).count()]);
    }
    // Seed 004 has no list for 2021: said, and 2022 compared with 2020.
    assert!(note.contains("| 2020 | [8]("), "{note}");
    assert!(note.contains("| — (более ранних решений нет) | нет данных | нет данных |"), "{note}");
    assert!(note.contains("| 2020 годом (за 2021 решения нет) |"), "{note}");
    assert!(note.contains("Решений о списке ШНОР за 2021 год нет"), "{note}");
    let (first, last) = (set(0).len(), set(3).len());
    let ever: std::collections::BTreeSet<&str> = (0..4).flat_map(set).collect();
    let summary = [ever.len(), ever.len() - last, last];
    let planned = SEED_004_DATED_2024 + SEED_004_ALL_YEAR;
    // Nothing was reported: everything due has no report, and nothing is said not held.
    let execution = [1, planned, planned, 0, 0, planned];
    expected.extend([first, last]);
    expected.extend(summary);
    expected.extend(execution);
    expected.extend([first, last]);
    expected.extend(summary);
    expected.extend([planned, 0, 0, planned]);
    let found = figures(&note);
    let values: Vec<usize> = found.iter().map(|(v, _)| v.parse().unwrap()).collect();
    assert_eq!(values, expected, "{note}");
    assert_eq!((first, last, ever.len()), (8, 1, 15), "seed 004: 8 → 1, fifteen schools in all");

    // Every call answers what the note says it does.
    let lists = format!("/api/v1/municipalities/{}/lists", s.seversky);
    let dynamics = s.app.get(&lists).await.expect(200);
    let counts: Vec<i64> = dynamics["years"].as_array().unwrap().iter().map(|y| y["count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [8, 7, 5, 1]);
    let (_, execution_call) = found.iter().find(|(_, call)| call.contains("/execution")).unwrap();
    let total = &s.app.get(execution_call).await.expect(200)["total"];
    assert_eq!((total["due"].as_u64(), total["held"].as_u64()), (Some(planned as u64), Some(0)), "{total}");
    let (_, schools_call) = &found[0];
    let listed = s.app.list_all(schools_call, 100).await;
    let kinds = ["secondary_school", "basic_school", "primary_school", "lyceum", "gymnasium", "evening_school"];
    let schools = listed.iter().filter(|o| o["kind"].as_str().is_some_and(|k| kinds.contains(&k))).count();
    assert_eq!(schools, SEED_004_SCHOOLS);

    // Seed 004's table, column by column.
    for (year, names) in SEED_004_COLUMNS {
        let column = 1 + SEED_004_COLUMNS.iter().position(|(y, _)| *y == year).unwrap();
        let cells: std::collections::BTreeSet<&str> = note
            .lines()
            .skip_while(|l| !l.starts_with("| № |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').split('|').nth(column).unwrap().trim())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells, names.iter().copied().collect(), "{year}");
    }
    assert!(note.contains("| № | 2020 год | 2022 год | 2023 год | 2024 год |"), "2021 had no decision: {note}");
    // Seed 004's Table 1, one row per planned time of 2024, each with what is known of it: no
    // report was filed here, and no row says more.
    let table: Vec<&str> = note
        .lines()
        .skip_while(|l| !l.starts_with("**Мероприятия дорожных карт 2024 года"))
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(table.len(), planned, "{note}");
    assert!(table.iter().all(|row| row.ends_with("| нет отчёта |")), "{table:?}");
    assert_eq!(
        table.iter().filter(|row| row.contains("| в течение года |") || row.contains("весь период")).count(),
        SEED_004_ALL_YEAR,
        "{table:?}"
    );

    // No figure without its call: what is left once the links, the school names, the years,
    // the section and row numbers are taken out holds no digit.
    let mut bare: String = note.lines().filter(|l| !l.starts_with("![")).collect::<Vec<_>>().join("\n");
    for (value, call) in &found {
        bare = bare.replacen(&format!("[{value}]({call})"), "", 1);
    }
    let mut names: Vec<&str> = ever.iter().copied().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        bare = bare.replace(name, "");
    }
    for year in 2020..=2024 {
        bare = bare.replace(&year.to_string(), "");
    }
    let bare: Vec<String> = bare
        .lines()
        .map(|l| match l.strip_prefix("## ") {
            Some(title) => title.trim_start_matches(|c: char| c.is_ascii_digit()).to_owned(),
            None => l.to_owned(),
        })
        .map(|l| {
            if l.starts_with("| ") {
                l.trim_start_matches(|c: char| c == '|' || c == ' ' || c.is_ascii_digit()).to_owned()
            } else {
                l
            }
        })
        .collect();
    let stray: Vec<&String> = bare.iter().filter(|l| l.chars().any(|c| c.is_ascii_digit())).collect();
    assert!(stray.is_empty(), "figures without their call: {stray:?}");

    let html = s.app.get(&format!("{path}&format=html")).await;
    assert!(html.content_type().starts_with("text/html"));
    assert!(html.text.contains(&format!("<td><a href=\"{lists}\">8</a></td>")), "{}", html.text);
    assert!(!html.text.contains("<script"));
    s.app.get(&format!("{path}&format=pdf")).await.expect(422);
    s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2024&to=2020", s.seversky)).await.expect(422);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).get(&path).await.expect(404);
    s.app.as_caller(&token).get(&format!("{path}&format=docx")).await.expect(404);
}

/// The office suite on this machine, if any: `libreoffice` or `soffice`.
fn office() -> Option<&'static str> {
    ["libreoffice", "soffice"]
        .into_iter()
        .find(|program| std::process::Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success()))
}

#[tokio::test]
async fn the_word_note_converts_to_pdf_and_shows_seed_004s_table_approved_as_configured() {
    let s = seeded().await;
    let signature = format!("/api/v1/municipalities/{}/notes/signature", s.seversky);
    s.app.get(&signature).await.expect(404);
    let approval =
        json!({ "approval": { "position": "Руководитель МКУ МО Северский район «ИМЦ»", "name": "Ганина Е.В." } });
    let set = s.app.put(&signature, &approval).await.expect(200);
    assert_eq!(set["approval"]["name"], "Ганина Е.В.");
    let query = "query($m: UUID!) { noteSignature(municipalityId: $m) { approval { position name } signer { name } } }";
    let answer = s.app.graphql(query, json!({ "m": s.seversky })).await;
    assert_eq!(answer["data"]["noteSignature"]["approval"], approval["approval"], "{answer}");

    let path = format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky);
    let markdown = s.app.get(&path).await.expect(200);
    assert!(
        s.app
            .get(&path)
            .await
            .text
            .starts_with("> Утверждаю\n> Руководитель МКУ МО Северский район «ИМЦ»\n> Ганина Е.В."),
        "{markdown}"
    );
    let docx = s.app.get(&format!("{path}&format=docx")).await;
    assert_eq!(docx.status.as_u16(), 200, "{}", docx.text);
    assert_eq!(docx.content_type(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes.clone())).expect("a Word document is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert_eq!(xml.matches("<w:tbl>").count(), 3, "the dynamics, seed 004's list and its Table 1 are real Word tables");
    assert_eq!(xml.matches("<pic:blipFill").count(), 2, "the list's and the execution's charts are pictures");
    assert!(xml.contains("МАОУ лицей пгт Афипского") && xml.contains("Ганина Е.В."));

    let Some(office) = office() else {
        assert!(std::env::var("CI").is_err(), "CI installs LibreOffice; .ci/run must have failed to");
        eprintln!("LibreOffice is not installed: the PDF conversion is not checked");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("note.docx");
    std::fs::write(&file, &docx.bytes).unwrap();
    // A profile of its own, so that parallel runs do not share LibreOffice's lock.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let converted = std::process::Command::new(office)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .unwrap();
    let pdf = dir.path().join("note.pdf");
    assert!(converted.status.success() && pdf.exists(), "{}", String::from_utf8_lossy(&converted.stderr));
    let text = std::process::Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("Утверждаю") && text.contains("Ганина Е.В."), "{text}");
    // Seed 004's table as laid out on its page: the words under each year's heading.
    let page = text.split('\u{c}').position(|p| p.contains("2020 год")).unwrap() + 1;
    let tsv = std::process::Command::new("pdftotext")
        .args(["-tsv", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let words: Vec<(f64, f64, String)> = String::from_utf8_lossy(&tsv.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 12 && f[0] == "5").then(|| (f[6].parse().unwrap(), f[7].parse().unwrap(), f[11].to_owned()))
        })
        .collect();
    // The headings «2020 год» … «2024 год» stand on one line.
    let heading = |year: &str, line: Option<f64>| {
        words.iter().enumerate().find(|(i, (_, t, w))| {
            w == year && words.get(i + 1).is_some_and(|n| n.2 == "год") && line.is_none_or(|l| (t - l).abs() < 2.0)
        })
    };
    let top = heading("2020", None).map(|(_, (_, t, _))| *t).unwrap_or_else(|| panic!("{text}"));
    let columns: Vec<(f64, f64)> = SEED_004_COLUMNS
        .iter()
        .map(|(y, _)| {
            heading(&y.to_string(), Some(top)).map(|(_, (x, t, _))| (*x, *t)).unwrap_or_else(|| panic!("{y}: {text}"))
        })
        .collect();
    let bottom = words.iter().find(|(_, t, w)| *t > top && w == "побывали").map_or(f64::MAX, |(_, t, _)| *t);
    for (i, (year, names)) in SEED_004_COLUMNS.iter().enumerate() {
        let (left, right) = (columns[i].0 - 5.0, columns.get(i + 1).map_or(f64::MAX, |c| c.0 - 5.0));
        let cell: Vec<&str> = words
            .iter()
            .filter(|(x, t, _)| *t > top + 1.0 && *t < bottom && (left..right).contains(x))
            .map(|(_, _, w)| w.as_str())
            .collect();
        let cell = cell.join(" ");
        for name in *names {
            assert!(cell.contains(name), "{year}: {name} not in «{cell}»");
        }
        let expected: usize = names.iter().map(|n| n.split(' ').count()).sum();
        assert_eq!(cell.split(' ').count(), expected, "{year}: «{cell}»");
    }
    // The charts are pictures in the document, each on the page of its caption.
    let images = std::process::Command::new("pdfimages").arg("-list").arg(&pdf).output().unwrap();
    let pages_with_images: Vec<usize> = String::from_utf8_lossy(&images.stdout)
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for caption in ["Количество ОО в списке ШНОР по годам", "Проведения мероприятий 2024 года"]
    {
        let on = 1 + pages.iter().position(|p| p.contains(caption)).unwrap_or_else(|| panic!("{caption}: {text}"));
        assert!(pages_with_images.contains(&on), "{caption} on page {on}; pictures on {pages_with_images:?}");
    }
    assert_eq!(pages_with_images.len(), 2, "the list and the execution: {pages_with_images:?}");
    // The page with the table, as a picture.
    let png = dir.path().join("page");
    let rendered = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&pdf)
        .arg(&png)
        .output()
        .unwrap();
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let picture =
        std::fs::read_dir(dir.path()).unwrap().flatten().find(|e| e.file_name().to_string_lossy().ends_with(".png"));
    let picture = picture.expect("a PNG of the page").path();
    assert!(std::fs::read(&picture).unwrap().starts_with(b"\x89PNG"));
    if let Ok(keep) = std::env::var("OPORA_KEEP_NOTE_PNG") {
        std::fs::copy(&picture, keep).unwrap();
    }
}

#[tokio::test]
async fn a_bad_signature_is_refused_by_field_and_changes_nothing() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/notes/signature", s.seversky);
    s.app
        .put(&path, &json!({ "signer": { "position": "Начальник управления", "name": "Т.А. Годунова" } }))
        .await
        .expect(200);
    let long = "я".repeat(10_000);
    for (body, field) in [
        (json!({ "signer": { "position": "", "name": "Т.А. Годунова" } }), "signer.position"),
        (json!({ "approval": { "position": "Руководитель", "name": long } }), "approval.name"),
        (json!({ "place": "\u{0}" }), "place"),
    ] {
        let answer = s.app.put(&path, &body).await.expect(422);
        assert!(answer["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {answer}");
    }
    s.app.put(&path, &json!({ "signer": { "position": "Начальник" } })).await.expect(422);
    s.app.put(&path, &json!({ "stamp": true })).await.expect(422);
    let kept = s.app.get(&path).await.expect(200);
    assert_eq!(kept["signer"]["name"], "Т.А. Годунова");
    let note = s.app.get(&format!("/api/v1/municipalities/{}/notes/analytical?from=2020&to=2024", s.seversky)).await;
    assert!(note.text.trim_end().ends_with("Начальник управления\n\nТ.А. Годунова"), "{}", note.text);
    let (_, token) = s.app.sign_in_as("municipal", json!({ "level": "municipality", "id": s.kuban })).await;
    s.app.as_caller(&token).put(&path, &json!({})).await.expect(404);
}

/// Racing writes of one signature all land, one after another: each audit event records as its
/// old value exactly what the write before it stored.
#[tokio::test]
async fn racing_signature_writes_each_record_what_they_replaced() {
    let s = seeded().await;
    let path = format!("/api/v1/municipalities/{}/notes/signature", s.seversky);
    let places: Vec<String> = (1..=12).map(|n| format!("станица Северская, участок {n}")).collect();
    let mut writes = tokio::task::JoinSet::new();
    for place in &places {
        let request =
            s.app.client.put(s.app.url(&path)).bearer_auth(&s.app.admin_token).json(&json!({ "place": place }));
        writes.spawn(async move { request.send().await.map(|r| r.status().as_u16()) });
    }
    while let Some(status) = writes.join_next().await {
        assert_eq!(status.unwrap().unwrap(), 200);
    }
    let events =
        s.app.list_all(&format!("/api/v1/audit-events?entityType=note_signature&entityId={}", s.seversky), 100).await;
    assert_eq!(events.len(), places.len(), "one event per write");
    assert_eq!(events[0]["action"], "create");
    let place_of = |e: &serde_json::Value, side: &str| {
        e["changes"].as_array().unwrap().iter().find(|c| c["field"] == "place").map(|c| c[side].clone())
    };
    for pair in events.windows(2) {
        assert_eq!(pair[1]["action"], "update");
        assert_eq!(place_of(&pair[1], "old"), place_of(&pair[0], "new"), "{} after {}", pair[1], pair[0]);
    }
    let last = place_of(events.last().unwrap(), "new").unwrap();
    assert_eq!(s.app.get(&path).await.expect(200)["place"], last);
}

/// Markup a municipality could type into any text that reaches a note.
const LINK: &str = "[Открыть отчёт](javascript:fetch('//x'))";
const SCRIPT: &str = "<script>alert(1)</script>";
const IMAGE: &str = "<img src=x onerror=alert(1)>";

fn hostile(base: &str) -> String {
    format!("{base} {LINK} {SCRIPT} {IMAGE}")
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The note as Markdown: every `<` of data escaped, no link but the API's own calls.
fn inert_markdown(note: &str) {
    let bare = note.match_indices('<').filter(|(i, _)| !note[..*i].ends_with('\\')).count();
    assert_eq!(bare, 0, "an unescaped '<' in {note}");
    let links = note.match_indices("](javascript").filter(|(i, _)| !note[..*i].ends_with('\\')).count();
    assert_eq!(links, 0, "a live link in {note}");
    assert!(note.contains("\\<script\\>alert(1)\\</script\\>"), "the data is printed, as text: {note}");
}

fn inert_html(answer: &opora_tests::Answer) {
    let page = &answer.text;
    for needle in ["<script", "<img", "href=\"javascript", "onerror=alert(1)>"] {
        assert!(!page.contains(needle), "{needle} in {page}");
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(page.split("<a href=\"").skip(1).all(|l| l.starts_with("/api/v1/")), "{page}");
    let policy = answer.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("default-src 'none'") && !policy.contains("script-src"), "{policy}");
    assert_eq!(answer.headers["x-content-type-options"], "nosniff");
}

fn inert_docx(bytes: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let document = read("word/document.xml");
    assert!(document.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{document}");
    assert!(!document.contains("<w:hyperlink"));
    assert!(!read("word/_rels/document.xml.rels").contains("javascript"));
}

/// Every text that reaches a note holds links, a script and an image with a handler: the
/// signature, the municipality's and a school's names and aliases, factor names, the roadmap's
/// and a measure's titles, a campaign's title and recommendation. In Markdown, HTML and Word
/// each is printed as text, and the only links are the note's own calls.
#[tokio::test]
async fn markup_in_any_text_that_reaches_a_note_is_printed_as_text_in_every_format() {
    let app = opora_tests::TestApp::spawn().await;
    let t = opora_tests::create_territory(&app).await;
    let m = t.municipality("kalininsky-kuban");
    let school = t.organization("kalininsky-kuban", "МАОУ СОШ № 1");
    let tsv = "text/tab-separated-values";
    app.upload(&format!("/api/v1/imports/lists?municipalityId={m}"), tsv, "Год\tОО\n2023\tМАОУ СОШ № 1\n".into())
        .await
        .expect(201);
    let audit = format!("1\t{}\t{}\t1.1\tМАОУ СОШ № 1\n", hostile("Кадры"), hostile("Дефицит"));
    let path = format!("/api/v1/imports/audit?municipalityId={m}&date=2023-03-01");
    let audit = app.upload(&path, tsv, audit.into_bytes()).await.expect(201);
    let roadmap = format!(
        "№\tМероприятие\tФорма\tКод параметра\tКонтингент\tМесто проведения\tДата проведения\tОтветственные\n\
         1.\t{}\tсеминар\t1.1\tАдминистрация ОО\tОО\tМарт 2024\tОО\n",
        hostile("Семинар")
    );
    let path = format!(
        "/api/v1/imports/roadmap?municipalityId={m}&periodFrom=2023&periodTo=2024&auditId={}&title={}",
        audit["auditId"].as_str().unwrap(),
        percent(&hostile("Дорожная карта"))
    );
    let roadmap =
        app.upload(&path, tsv, roadmap.into_bytes()).await.expect(201)["roadmapId"].as_str().unwrap().to_owned();
    let campaign = json!({ "municipalityId": m, "title": hostile("Мониторинг"), "periodFrom": 2023, "periodTo": 2023,
        "conclusions": [{ "number": "1.1", "level": "municipal", "text": hostile("Вывод") }],
        "recommendations": [{ "number": "1", "addresseeRole": "Руководители ОО", "text": hostile("Рекомендация") }] });
    app.post("/api/v1/monitoring-campaigns", &campaign).await.expect(201);
    let signatory = json!({ "position": hostile("Начальник"), "name": hostile("Иванова И.И.") });
    let signature = json!({ "approval": signatory, "signer": signatory, "place": hostile("ст. Каневская") });
    app.put(&format!("/api/v1/municipalities/{m}/notes/signature"), &signature).await.expect(200);
    app.patch(
        &format!("/api/v1/organizations/{school}"),
        &json!({ "name": hostile("МАОУ СОШ № 1"), "aliases": [hostile("СОШ 1")] }),
    )
    .await
    .expect(200);
    app.patch(&format!("/api/v1/municipalities/{m}"), &json!({ "name": hostile("Калининский район") }))
        .await
        .expect(200);

    for path in [
        format!("/api/v1/municipalities/{m}/notes/analytical?from=2020&to=2024"),
        format!("/api/v1/roadmaps/{roadmap}/notes/execution?asOf=2024-05-01"),
    ] {
        let markdown = app.get(&path).await;
        assert_eq!(markdown.status.as_u16(), 200, "{}", markdown.text);
        inert_markdown(&markdown.text);
        assert_eq!(markdown.headers["x-content-type-options"], "nosniff");
        let html = app.get(&format!("{path}&format=html")).await;
        inert_html(&html);
        inert_docx(&app.get(&format!("{path}&format=docx")).await.bytes);
    }
    let note = app.get(&format!("/api/v1/municipalities/{m}/notes/analytical?from=2020&to=2024")).await.text;
    // The campaign's one conclusion and one recommendation are counted as such.
    assert!(note.contains("Выводов: [1](") && note.contains("рекомендаций: [1]("), "{note}");
    for printed in ["Кадры", "Иванова И.И.", "ст. Каневская", "Мониторинг", "МАОУ СОШ № 1", "Калининский район"]
    {
        assert!(note.contains(&format!("{printed} \\[Открыть отчёт\\](javascript:fetch('//x'))")), "{printed}: {note}");
    }
    let execution = app.get(&format!("/api/v1/roadmaps/{roadmap}/notes/execution?asOf=2024-05-01")).await.text;
    for printed in ["Семинар", "Дорожная карта"] {
        assert!(execution.contains(&format!("{printed} \\[Открыть")), "{printed}: {execution}");
    }
}
