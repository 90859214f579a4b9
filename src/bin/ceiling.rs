//! The benchmark's ceiling: an actix server that answers each request with bytes read from
//! files and does nothing else, so that what newsroom costs beyond HTTP itself shows as a ratio.
//!
//! `ceiling ADDR DIR` serves, for every `NAME.head` and `NAME.body` in DIR (an answer's status
//! line and headers, and its body, as `curl -D NAME.head -o NAME.body` saves them), that
//! answer at `/NAME`.

use std::collections::HashMap;
use std::path::Path;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};

/// One answer, as it was saved.
struct Saved {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

/// Headers the server writes for itself.
const OWN: [&str; 4] = ["content-length", "date", "transfer-encoding", "connection"];

fn load(dir: &Path) -> std::io::Result<HashMap<String, Saved>> {
    let mut saved = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|extension| extension != "head") {
            continue;
        }
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let head = std::fs::read_to_string(&path)?;
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .and_then(|code| StatusCode::from_u16(code).ok())
            .ok_or_else(|| std::io::Error::other(format!("{}: no status line", path.display())))?;
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .filter(|(name, _)| !OWN.contains(&name.trim().to_ascii_lowercase().as_str()))
            .filter_map(|(name, value)| {
                Some((
                    HeaderName::from_bytes(name.trim().as_bytes()).ok()?,
                    HeaderValue::from_str(value.trim()).ok()?,
                ))
            })
            .collect();
        let body = std::fs::read(path.with_extension("body")).unwrap_or_default();
        saved.insert(
            format!("/{name}"),
            Saved {
                status,
                headers,
                body: Bytes::from(body),
            },
        );
    }
    Ok(saved)
}

async fn answer(request: HttpRequest, saved: web::Data<HashMap<String, Saved>>) -> HttpResponse {
    let Some(saved) = saved.get(request.path()) else {
        return HttpResponse::NotFound().finish();
    };
    let mut response = HttpResponse::build(saved.status);
    for (name, value) in &saved.headers {
        response.insert_header((name.clone(), value.clone()));
    }
    if saved.status == StatusCode::NOT_MODIFIED {
        return response.finish();
    }
    response.body(saved.body.clone())
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: ceiling ADDR DIR");
        std::process::exit(2);
    };
    let saved = web::Data::new(load(Path::new(&dir))?);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(saved.clone())
                .default_service(web::to(answer))
        })
        .bind(address)?
        .run()
        .await
    })
}
