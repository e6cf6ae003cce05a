//! The `duban` binary runs and names itself. Being an integration test of this package, it
//! also has `cargo test` (and nextest) build the binary itself, with the test build's
//! features, beside the test binaries, where the end-to-end tests start it: `./dev test`
//! needs no separate build of it (which compiled the backend once more, ~45 s on CI).

#[test]
fn the_binary_answers_its_version() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_duban"))
        .arg("--version")
        .output()
        .expect("the duban binary runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("duban "), "{text}");
}
