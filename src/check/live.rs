//! What `check` prints while it runs: the header first, then each scenario as it finishes
//! (its line and its failures, flushed at once, so CI logs show progress), and a progress bar
//! on a terminal's stderr that is cleared before anything else is written and at the end.
//!
//! The human output goes to stdout, or to stderr when a report is written to stdout
//! (`--report json=-`), so that stdout then holds only the report.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use crate::report::{Style, render_scenario};
use crate::runner::ScenarioResult;

/// Where the human output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sink {
    /// Standard output (the default).
    Stdout,
    /// Standard error (a report takes stdout).
    Stderr,
}

impl Sink {
    /// Whether the sink is a terminal (for colour).
    pub(crate) fn is_terminal(self) -> bool {
        match self {
            Sink::Stdout => std::io::stdout().is_terminal(),
            Sink::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// The live printer; shared by the scenario tasks (a mutex keeps lines whole).
#[derive(Debug)]
pub(crate) struct Live {
    sink: Sink,
    style: Style,
    total: usize,
    /// Whether to draw a progress bar on stderr (stderr is a terminal).
    progress: bool,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    done: usize,
    /// Whether a progress bar is on screen now.
    drawn: bool,
}

const CLEAR_LINE: &str = "\r\x1b[2K";

impl Live {
    /// A printer for `total` scenarios.
    pub(crate) fn new(sink: Sink, style: Style, total: usize, progress: bool) -> Live {
        Live {
            sink,
            style,
            total,
            progress,
            state: Mutex::new(State::default()),
        }
    }

    /// Writes `text` to the sink (clearing the bar first) and flushes it.
    pub(crate) fn print(&self, text: &str) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.clear(&mut state);
        self.write(text);
        if self.progress && state.done < self.total {
            self.draw(&mut state);
        }
    }

    /// Prints a finished scenario and advances the bar.
    pub(crate) fn scenario_done(&self, s: &ScenarioResult) {
        let text = render_scenario(s, self.style);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.done += 1;
        self.clear(&mut state);
        self.write(&text);
        // As insta says it: every snapshot file written is announced, on stderr.
        let written: String = s
            .steps
            .iter()
            .flat_map(|st| &st.snapshots_written)
            .map(|path| format!("stored new snapshot {path}\n"))
            .collect();
        if !written.is_empty() {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(written.as_bytes()).and_then(|()| err.flush());
        }
        if self.progress && state.done < self.total {
            self.draw(&mut state);
        }
    }

    /// Removes the bar (before the summary).
    pub(crate) fn finish(&self) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.clear(&mut state);
    }

    fn write(&self, text: &str) {
        // A closed pipe (`| head`) must not stop the run: the reports and the restore matter more.
        let _ = match self.sink {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            }
            Sink::Stderr => {
                let mut out = std::io::stderr().lock();
                out.write_all(text.as_bytes()).and_then(|()| out.flush())
            }
        };
    }

    fn clear(&self, state: &mut State) {
        if state.drawn {
            let mut err = std::io::stderr().lock();
            let _ = err
                .write_all(CLEAR_LINE.as_bytes())
                .and_then(|()| err.flush());
            state.drawn = false;
        }
    }

    fn draw(&self, state: &mut State) {
        let width = 20;
        let filled = state.done * width / self.total.max(1);
        let bar = format!(
            "[{}{}] {}/{} scenarios",
            "#".repeat(filled),
            "-".repeat(width - filled),
            state.done,
            self.total
        );
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(bar.as_bytes()).and_then(|()| err.flush());
        state.drawn = true;
    }
}
