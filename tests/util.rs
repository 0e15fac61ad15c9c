//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The path of the `rosterwire` binary under test.
pub(crate) fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_rosterwire")
}

/// A `rosterwire serve` child process on a free port, killed on drop.
pub(crate) struct ServeProcess {
    pub(crate) child: Child,
    pub(crate) origin: String,
    pub(crate) banner: Vec<String>,
}

impl ServeProcess {
    /// Starts `rosterwire serve --port 0 <extra>` and waits for its banner.
    pub(crate) fn start(extra: &[&str]) -> ServeProcess {
        let mut child = Command::new(binary())
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rosterwire starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("a banner line").expect("utf-8");
        let origin = first
            .strip_prefix("rosterwire listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_owned();
        let banner = std::iter::once(first)
            .chain(lines.take(3).map(|l| l.expect("utf-8")))
            .collect();
        ServeProcess {
            child,
            origin,
            banner,
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    pub(crate) fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().expect("the child exits")
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Replaces ports in `text` by `{PORT}`.
pub(crate) fn redact_ports(text: &str) -> String {
    let re = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("valid regex");
    re.replace_all(text, "127.0.0.1:{PORT}").into_owned()
}
