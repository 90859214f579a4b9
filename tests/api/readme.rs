//! The README's curl examples answer as documented: each one is sent to the app over the demo
//! content, and every field value and header the README shows after it must be in the answer.

use std::path::Path;

use crate::helpers::TestApp;
use newsroom::auth::Role;

/// A fenced code block of the README.
struct Block {
    language: String,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(language) = line.strip_prefix("```") {
            let text: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            blocks.push(Block {
                language: language.trim().to_owned(),
                text: text.join("\n"),
            });
        }
    }
    blocks
}

/// One `curl` of an example: its method, path, headers and body, and, for a line like
/// `id=$(curl ... | grep -o '"id":"[^"]*"' ...)`, the variable it sets and the field it reads.
struct Curl {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    data: Option<String>,
    captures: Option<(String, String)>,
}

/// `("id", "id")` for `id=$(curl ... | grep -o '"id":"[^"]*"' ...)`.
fn capture_of(line: &str) -> Option<(String, String)> {
    let (variable, _) = line.split_once("=$(")?;
    let field = line.split("grep -o '\"").nth(1)?.split('"').next()?;
    Some((variable.to_owned(), field.to_owned()))
}

fn curls(script: &str) -> Vec<Curl> {
    let joined = script.replace("\\\n", " ");
    joined
        .lines()
        .map(str::trim)
        .filter_map(|line| match capture_of(line) {
            Some(captures) => {
                let inner = line.split_once("=$(").unwrap().1.split(" |").next().unwrap();
                Some((inner, Some(captures)))
            }
            None => line.starts_with("curl ").then_some((line, None)),
        })
        .map(|(line, captures)| {
            let words = shell_words(line);
            let mut headers = Vec::new();
            let mut path = None;
            let mut method = "GET".to_owned();
            let mut data = None;
            let mut iter = words.iter();
            while let Some(word) = iter.next() {
                if word == "-X" {
                    method = iter.next().expect("a method after -X").clone();
                } else if word == "-d" {
                    data = Some(iter.next().expect("data after -d").clone());
                } else if word == "-H" {
                    let header = iter.next().expect("a header after -H");
                    let (name, value) = header.split_once(':').expect("a `name: value` header");
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                } else if let Some(rest) = word.strip_prefix("http://127.0.0.1:8080") {
                    path = Some(rest.to_owned());
                }
            }
            Curl {
                method,
                path: path.unwrap_or_else(|| panic!("no URL in `{line}`")),
                headers,
                data,
                captures,
            }
        })
        .collect()
}

/// Splits a command line on spaces, honouring single and double quotes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (_, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The `"field": value` pairs an example output shows, leaving out elided values.
fn shown_fields(output: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut rest = output;
    while let Some(start) = rest.find('"') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('"') else { break };
        let key = &rest[..end];
        rest = &rest[end + 1..];
        let Some(after_colon) = rest.strip_prefix(": ") else {
            continue;
        };
        let value = if let Some(string) = after_colon.strip_prefix('"') {
            let Some(close) = string.find('"') else { break };
            format!("\"{}\"", &string[..close])
        } else {
            after_colon
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect()
        };
        if !value.is_empty() && !value.contains('…') && !key.contains(' ') {
            fields.push(format!("\"{key}\":{value}"));
        }
    }
    fields
}

/// The values of the shell variables the examples use.
struct Shell {
    variables: Vec<(String, String)>,
}

impl Shell {
    fn expand(&self, text: &str) -> String {
        // Longest names first, so that `$ADMIN_KEY` is not taken for `$KEY`.
        let mut variables: Vec<&(String, String)> = self.variables.iter().collect();
        variables.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        variables.iter().fold(text.to_owned(), |text, (name, value)| {
            text.replace(&format!("${name}"), value)
        })
    }

    fn set(&mut self, name: &str, value: String) {
        self.variables.retain(|(known, _)| known != name);
        self.variables.push((name.to_owned(), value));
    }
}

/// The status, the body re-serialized (keys sorted), the body as sent (what `grep` reads) and
/// the header lines of the answer to `curl`.
async fn answer(app: &TestApp, curl: &Curl, shell: &Shell) -> (u16, String, String, Vec<String>) {
    let path = shell.expand(&curl.path);
    let headers: Vec<(String, String)> = curl
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), shell.expand(v)))
        .collect();
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let body = curl.data.as_ref().map(|data| data.clone().into_bytes());
    let answer = app.send_raw(&curl.method, &path, &headers, body).await;
    let header_lines = answer
        .headers
        .iter()
        .map(|(name, value)| format!("{}: {}", name.as_str(), value.to_str().unwrap_or("")))
        .collect();
    (
        answer.status,
        serde_json::to_string(&answer.body).unwrap(),
        String::from_utf8_lossy(&answer.raw).into_owned(),
        header_lines,
    )
}

#[actix_web::test]
async fn every_curl_example_answers_as_documented() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let app = TestApp::builder().demo().build().await;
    let mut shell = Shell {
        variables: Vec::new(),
    };
    shell.set("KEY", app.key("desk", Role::Editor));
    shell.set("ADMIN_KEY", app.key("chief", Role::Admin));
    let blocks = blocks(&readme);
    let mut checked = 0;
    let mut failures = Vec::new();

    for (index, block) in blocks.iter().enumerate() {
        if block.language != "sh" || !block.text.contains("curl ") {
            continue;
        }
        let output = blocks.get(index + 1).filter(|next| next.language != "sh");
        let mut bodies = Vec::new();
        let mut headers = Vec::new();
        for curl in curls(&block.text) {
            let (status, body, sent, header_lines) = answer(&app, &curl, &shell).await;
            // Only the examples whose documented output is a problem may answer with an error.
            let documents_errors = output.is_some_and(|output| output.text.contains("/problems/"));
            let status_ok = if documents_errors {
                (400..500).contains(&status)
            } else {
                (200..300).contains(&status)
            };
            if !status_ok {
                failures.push(format!("{}: status {status}", curl.path));
            }
            checked += 1;
            if let Some((variable, field)) = &curl.captures {
                // As `grep -o '"field":"[^"]*"' | head -1 | cut -d'"' -f4` would.
                let marker = format!("\"{field}\":\"");
                let value = sent
                    .split_once(&marker)
                    .and_then(|(_, rest)| rest.split('"').next())
                    .unwrap_or_else(|| panic!("`{}` has a `{field}` to capture", curl.path));
                shell.set(variable, value.to_owned());
                continue;
            }
            bodies.push(body);
            headers.extend(header_lines);
        }
        let Some(output) = output else {
            continue;
        };
        let all_bodies = bodies.join("\n");
        for field in shown_fields(&output.text) {
            if !all_bodies.contains(&field) {
                failures.push(format!(
                    "{field} shown after `{}` is not in the answer",
                    block.text
                ));
            }
        }
        for line in output
            .text
            .lines()
            .filter(|l| l.contains(": ") && !l.contains('"') && !l.contains('…'))
        {
            if line.starts_with("HTTP/") {
                continue;
            }
            if !headers.iter().any(|h| h.eq_ignore_ascii_case(line.trim())) {
                failures.push(format!(
                    "header `{line}` shown after `{}` was not sent",
                    block.text
                ));
            }
        }
    }

    assert!(checked >= 12, "the README's examples were found ({checked})");
    assert!(
        failures.is_empty(),
        "README examples that do not hold:\n{}",
        failures.join("\n")
    );
}
