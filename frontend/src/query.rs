//! URL query strings, for API paths and for links between pages.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// For a query parameter: unit codes, names, file names and filters may hold anything.
    #[wasm_bindgen(js_name = encodeURIComponent)]
    pub fn encode(s: &str) -> String;
}

/// `?a=1&b=x` from the pairs that have a value ("" when none has).
pub fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}
