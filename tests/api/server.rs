//! The real binary as a test runs it: `newsroom serve` in a child process on a free port, its
//! log kept line by line, killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::helpers::{Answer, try_read};

/// The binary, with none of its settings taken from the test's own environment.
pub fn newsroom() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command
        .env_remove("NEWSROOM_DB")
        .env_remove("NEWSROOM_BIND")
        .env_remove("NEWSROOM_DEMO");
    command
}

/// A `newsroom serve` process, killed when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    /// What it has logged so far, a line an entry.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Whether the server logs a line containing `text` within a few seconds (it writes its
    /// log in batches, every 50 ms).
    pub fn logs(&self, text: &str) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            if self.log.lock().unwrap().iter().any(|line| line.contains(text)) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `newsroom serve` with `args` and waits until it says where it listens.
pub fn serve(mut command: Command, args: &[&str]) -> Server {
    let mut child = command
        .arg("serve")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsroom starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut said = Vec::new();
    let address = loop {
        let Some(Ok(line)) = lines.next() else {
            panic!("newsroom exited before it listened:\n{}", said.join("\n"));
        };
        said.push(line.clone());
        if let Some(at) = line.find("listening on http://") {
            let rest = &line[at + "listening on ".len()..];
            break rest
                .split(|c: char| c.is_whitespace() || c == '"')
                .next()
                .unwrap()
                .to_owned();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    let log = std::sync::Arc::new(std::sync::Mutex::new(said));
    let kept = log.clone();
    std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .for_each(|line| kept.lock().unwrap().push(line))
    });
    Server { child, address, log }
}

pub async fn get_json(url: &str) -> (u16, Value) {
    let client = awc::Client::default();
    let mut response = client.get(url).send().await.expect("answered");
    let body = response.body().limit(1 << 24).await.unwrap();
    (response.status().as_u16(), serde_json::from_slice(&body).unwrap())
}

/// Sends `method url` with an API key and a JSON body if given.
pub async fn call(method: &str, url: &str, key: Option<&str>, body: Option<&Value>) -> Answer {
    try_call(method, url, key, body).await.expect("answered")
}

/// [`call`], or `None` when no whole answer came (the server died, say).
pub async fn try_call(method: &str, url: &str, key: Option<&str>, body: Option<&Value>) -> Option<Answer> {
    let client = awc::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .finish();
    let mut request = client.request(method.parse().expect("a method"), url);
    if let Some(key) = key {
        request = request.insert_header(("Authorization", format!("Bearer {key}")));
    }
    let response = match body {
        Some(body) => request.send_json(body).await,
        None => request.send().await,
    }
    .ok()?;
    try_read(response).await
}
