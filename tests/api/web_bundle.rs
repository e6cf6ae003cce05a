//! The web app as the browser fetches it: `index.html` asked afresh each time, every file it
//! loads under a hashed name, kept by the browser for good, and sent as its precompressed
//! brotli or gzip copy when the browser takes one.

use std::io::Read;

use duban_tests::TestApp;

/// The first `"/name"` in `text` that starts with `prefix`.
fn named<'a>(text: &'a str, prefix: &str) -> &'a str {
    let at = text
        .find(&format!("/{prefix}"))
        .unwrap_or_else(|| panic!("{prefix} named in {text}"));
    let rest = &text[at + 1..];
    &rest[..rest.find(['"', '\'']).expect("a closing quote")]
}

async fn get(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(coding) = accept_encoding {
        req = req.header("Accept-Encoding", coding);
    }
    req.send().await.unwrap()
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers().get(name).map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn the_page_names_hashed_files_kept_for_good_and_sent_precompressed() {
    assert!(
        duban_tests::static_dir().is_some(),
        "build the web app first (cargo run -p xtask -- build-frontend)"
    );
    let app = TestApp::spawn().await;
    let res = get(&app, "/", None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert!(header(&res, "content-type").starts_with("text/html"));
    let index = res.text().await.unwrap();
    // A path of the app's own is the page too (its router takes it from there).
    let deep = get(&app, "/items/5", None).await;
    assert_eq!(header(&deep, "cache-control"), "no-cache");
    assert_eq!(deep.text().await.unwrap(), index);

    let boot = named(&index, "boot.").to_string();
    let style = named(&index, "style.").to_string();
    assert!(boot.len() == "boot.0123456789abcdef.js".len(), "{boot}");

    // As it is, for a client that takes no compression…
    let plain = get(&app, &format!("/{boot}"), None).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(
        header(&plain, "content-type").starts_with("text/javascript")
            || header(&plain, "content-type").starts_with("application/javascript")
    );
    let plain = plain.bytes().await.unwrap();
    let script = String::from_utf8(plain.to_vec()).unwrap();
    // …and as brotli, the same bytes once decoded.
    let br = get(&app, &format!("/{boot}"), Some("gzip, deflate, br")).await;
    assert_eq!(header(&br, "content-encoding"), "br");
    assert_eq!(header(&br, "vary"), "accept-encoding");
    assert_eq!(header(&br, "cache-control"), "public, max-age=31536000, immutable");
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&br.bytes().await.unwrap()[..], 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, plain);
    // gzip when brotli is refused.
    let gz = get(&app, &format!("/{style}"), Some("br;q=0, gzip")).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    assert!(header(&gz, "content-type").starts_with("text/css"));

    // The script names the app under its hashed names, served as WebAssembly.
    let wasm = named(&script, "duban_bg.").to_string();
    let js = named(&script, "duban.").to_string();
    let res = get(&app, &format!("/{wasm}"), Some("br")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "content-encoding"), "br");
    let compressed = res.bytes().await.unwrap().len();
    let raw = get(&app, &format!("/{wasm}"), None).await.bytes().await.unwrap().len();
    assert!(compressed * 2 < raw, "brotli {compressed} of {raw}");
    assert_eq!(get(&app, &format!("/{js}"), None).await.status(), 200);
    // The office's bundle beside it, served the same way.
    let office_wasm = named(&script, "duban_office_bg.").to_string();
    let office_js = named(&script, "duban_office.").to_string();
    let res = get(&app, &format!("/{office_wasm}"), Some("br")).await;
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    let office_compressed = res.bytes().await.unwrap().len();
    assert!(
        compressed < office_compressed,
        "units and leaders download less ({compressed}) than the office ({office_compressed})"
    );
    assert_eq!(get(&app, &format!("/{office_js}"), None).await.status(), 200);
    // The office's screens stay out of the units' and leaders' bundle: the briefing page they
    // share leaves the draft editor to the office's (its words are a sign of its code).
    let has = |bytes: &[u8], words: &str| bytes.windows(words.len()).any(|w| w == words.as_bytes());
    let editor_words = "草稿有未保存的修改，请先保存再发布。";
    let contains = |bytes: &[u8]| has(bytes, editor_words);
    let units_wasm = get(&app, &format!("/{wasm}"), None).await.bytes().await.unwrap();
    let office_raw = get(&app, &format!("/{office_wasm}"), None).await.bytes().await.unwrap();
    assert!(contains(&office_raw), "the office's bundle has the briefing editor");
    assert!(!contains(&units_wasm), "the units' bundle carries the briefing editor");

    // The leaders' bundle beside them: the dashboard is its, the report form the units'.
    let overview_wasm = named(&script, "duban_overview_bg.").to_string();
    let overview_js = named(&script, "duban_overview.").to_string();
    let res = get(&app, &format!("/{overview_wasm}"), Some("br")).await;
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(get(&app, &format!("/{overview_js}"), None).await.status(), 200);
    let overview_raw = get(&app, &format!("/{overview_wasm}"), None)
        .await
        .bytes()
        .await
        .unwrap();
    let dashboard_words = "查看各事项年终结果";
    let report_form_words = "推进中遇到的困难和问题，没有可不填。";
    assert!(has(&overview_raw, dashboard_words) && !has(&overview_raw, report_form_words));
    assert!(has(&units_wasm, report_form_words) && !has(&units_wasm, dashboard_words));
    assert!(has(&office_raw, dashboard_words) && has(&office_raw, report_form_words));
    assert!(
        !contains(&overview_raw),
        "the leaders' bundle carries the briefing editor"
    );

    // The login's bundle and the common one (an item, the briefings…) beside them: each
    // page in its own bundle and in the office's, and nowhere else.
    let mut bundles = vec![
        ("units'", units_wasm.to_vec()),
        ("leaders'", overview_raw.to_vec()),
        ("office's", office_raw.to_vec()),
    ];
    for (whose, prefix) in [("login's", "duban_login"), ("common", "duban_common")] {
        let wasm = named(&script, &format!("{prefix}_bg.")).to_string();
        let js = named(&script, &format!("{prefix}.")).to_string();
        let res = get(&app, &format!("/{wasm}"), Some("br")).await;
        assert_eq!(header(&res, "content-type"), "application/wasm", "{whose}");
        assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
        assert_eq!(get(&app, &format!("/{js}"), None).await.status(), 200, "{whose}");
        bundles.push((
            whose,
            get(&app, &format!("/{wasm}"), None)
                .await
                .bytes()
                .await
                .unwrap()
                .to_vec(),
        ));
    }
    let login_words = "请输入用户名";
    let item_words = "未找到该项目，可能地址有误或项目已被删除。";
    for (words, owners) in [
        (login_words, ["login's", "office's"]),
        (item_words, ["common", "office's"]),
        (dashboard_words, ["leaders'", "office's"]),
        (report_form_words, ["units'", "office's"]),
    ] {
        for (whose, bytes) in &bundles {
            assert_eq!(
                has(bytes, words),
                owners.contains(whose),
                "{words:?} in the {whose} bundle"
            );
        }
    }
    for (whose, bytes) in &bundles {
        assert_eq!(
            contains(bytes),
            *whose == "office's",
            "the briefing editor in the {whose} bundle"
        );
    }

    // Nothing but the bundle's own files: no way out of its folder, no copies by their names.
    for path in [
        "/..%2f..%2fCargo.toml",
        "/%2e%2e/Cargo.toml",
        &format!("/{wasm}.br"),
        "/.built-from",
    ] {
        let res = get(&app, path, None).await;
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), index, "{path} is the page");
    }
}
