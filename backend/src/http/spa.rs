//! Serves the built Yew app (`frontend/dist`, laid out by `xtask build-frontend`). Files whose
//! names carry their content's hash (`duban_bg.<16 hex>.wasm`) are cached by browsers for
//! good (`Cache-Control: immutable`); `index.html`, which names them, is asked for afresh
//! each time. Each file is served as its precompressed `.br` or `.gz` copy when the browser
//! accepts one, so nothing is compressed per request. Paths that are not files fall back to
//! `index.html`, so a reload of `/items/5` lands in the app's router instead of a 404.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};

#[derive(Debug, Clone)]
struct Bundle {
    dir: PathBuf,
}

pub fn service(dir: &Path) -> actix_web::Resource {
    web::resource("/{path:.*}")
        .app_data(web::Data::new(Bundle { dir: dir.to_path_buf() }))
        .route(web::get().to(serve))
        .route(web::head().to(serve))
}

/// A file of the bundle by its plain name: no folders, nothing hidden, not a compressed copy.
fn bundle_file<'a>(dir: &Path, name: &'a str) -> Option<&'a str> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.ends_with(".br")
        && !name.ends_with(".gz")
        && name != "index.html";
    (plain && dir.join(name).is_file()).then_some(name)
}

/// `stem.<16 lowercase hex>.ext`, as the build names what it hashed.
fn is_hashed(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let _ext = parts.next();
    parts
        .next()
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        && parts.next().is_some()
}

/// Whether `Accept-Encoding` takes `coding` (a `q=0` refuses it).
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut fields = part.split(';').map(str::trim);
            fields.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && !fields.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0))
        })
}

async fn serve(req: HttpRequest, bundle: web::Data<Bundle>) -> actix_web::Result<HttpResponse> {
    let asked = req.match_info().query("path");
    let Some(name) = bundle_file(&bundle.dir, asked) else {
        let index = NamedFile::open(bundle.dir.join("index.html"))?;
        let mut res = index.use_last_modified(false).into_response(&req);
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return Ok(res);
    };
    let plain = bundle.dir.join(name);
    let mut file = None;
    for (coding, ext, encoding) in [
        ("br", "br", ContentEncoding::Brotli),
        ("gzip", "gz", ContentEncoding::Gzip),
    ] {
        let copy = bundle.dir.join(format!("{name}.{ext}"));
        if accepts(&req, coding) && copy.is_file() {
            file = Some(NamedFile::open(&copy)?.set_content_encoding(encoding));
            break;
        }
    }
    let compressed = file.is_some();
    let file = match file {
        Some(f) => f,
        None => NamedFile::open(&plain)?,
    };
    let mime = actix_files::file_extension_to_mime(name.rsplit('.').next().unwrap_or(""));
    let mut res = file.set_content_type(mime).into_response(&req);
    let headers = res.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if is_hashed(name) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    if compressed || bundle.dir.join(format!("{name}.br")).is_file() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_apart() {
        assert!(is_hashed("duban_bg.0123456789abcdef.wasm"));
        assert!(!is_hashed("duban_bg.wasm"));
        assert!(!is_hashed("favicon.svg"));
        assert!(!is_hashed("0123456789abcdef.wasm"));
        assert!(!is_hashed("x.0123456789ABCDEF.js"));
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let req = |v: &str| {
            actix_web::test::TestRequest::default()
                .insert_header((header::ACCEPT_ENCODING, v))
                .to_http_request()
        };
        assert!(accepts(&req("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&req("gzip;q=1.0, br;q=0.5"), "br"));
        assert!(!accepts(&req("gzip, br;q=0"), "br"));
        assert!(!accepts(&req("br;q=0.0"), "br"));
        assert!(accepts(&req("br;q=0.01"), "br"));
        assert!(!accepts(&req("gzip"), "br"));
    }
}
