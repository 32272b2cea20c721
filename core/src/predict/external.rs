//! An outside process as a predictor (`kind: predictor`, `--predictor`): started in a private
//! folder through `sh -c` with the user's command (`process`), spoken to over its stdin and
//! stdout in protocol version 1 (`protocol`). Everything a process can do wrong (not start,
//! answer out of protocol, send a bad distribution, end early, say more after the end, exit
//! non-zero, hang) becomes a `PredictError` naming the step, the stream and its last stderr
//! lines; the process group is killed and the folder removed on every way out.

use std::io::{BufRead, BufReader, BufWriter, ErrorKind, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::Once;
use std::time::Duration;

use serde_json::Value;

use super::watchdog::{Fired, Watchdog};
use super::{protocol, Outside, PredictError, Predictor, Run};
use crate::parts::Parts;
use crate::process::measure::Usage;
use crate::process::{exit_code, kill, Pin, Sandbox};

/// How to start the process, and what it must announce.
pub struct Launch<'a> {
    pub command: &'a str,
    pub env: &'a [(String, String)],
    pub streams: usize,
    pub params: &'a Value,
    pub timeout: Duration,
    /// How long the process may send nothing while the harness waits for it.
    pub idle: Duration,
    /// The name and version a decode run's process must announce (those of the run that
    /// wrote the file).
    pub expect: Option<(&'a str, &'a str)>,
    /// Run the process on this thread's CPU (they take turns; see `process::Pin`). The
    /// predictor must then be dropped on the thread that started it.
    pub pin: bool,
}

pub struct ExternalPredictor {
    // `Drop` kills the process group before any field is dropped; the private folder goes
    // with the fields, after it.
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    stdout: BufReader<ChildStdout>,
    watchdog: Watchdog,
    alphabet: usize,
    parts: Parts,
    /// Symbols of the run: the process sends one distribution for each.
    length: u64,
    step: usize,
    bytes: Vec<u8>,
    probs: Vec<f32>,
    /// Looks for a line of text in the bytes (a stray print).
    stray_text: protocol::StrayText,
    /// The step the first such line began in, and the line.
    stray: Option<(usize, String)>,
    announced: protocol::Announced,
    sandbox: Sandbox,
    /// Restores this thread's CPU set after the process is gone.
    _pin: Option<Pin>,
}

/// Writing to a process that has ended must be an error, not the end of the harness: SIGPIPE
/// is ignored from the first outside predictor on (the harness's own output then sees
/// `BrokenPipe` errors, which it reports).
fn ignore_broken_pipes() {
    static ONCE: Once = Once::new();
    // SAFETY: setting a signal's disposition to ignore.
    ONCE.call_once(|| unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    });
}

impl ExternalPredictor {
    /// Starts the process and exchanges the hello lines.
    pub fn start(launch: &Launch, run: Run) -> Result<ExternalPredictor, PredictError> {
        ignore_broken_pipes();
        let sandbox = Sandbox::new("deepzip-predictor-").map_err(PredictError)?;
        // Before the spawn: the child inherits the CPU set.
        let pin = if launch.pin { Pin::this_thread() } else { None };
        let mut child = sandbox
            .spawn(
                "predictor",
                launch.command,
                launch.env,
                Stdio::piped(),
                Stdio::piped(),
            )
            .map_err(PredictError)?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let watchdog = Watchdog::start(child.id(), launch.timeout, launch.idle);
        let m = run.alphabet;
        let mut p = ExternalPredictor {
            child,
            stdin: Some(BufWriter::new(stdin)),
            stdout: BufReader::with_capacity(1 << 16, stdout),
            watchdog,
            alphabet: m,
            parts: Parts::new(run.length as usize, launch.streams),
            length: run.length,
            step: 0,
            bytes: vec![0; 4 * m * launch.streams],
            probs: vec![0.0; m],
            stray_text: protocol::StrayText::default(),
            stray: None,
            announced: protocol::Announced::default(),
            sandbox,
            _pin: pin,
        };
        let hello = protocol::hello(&run, launch.streams, launch.params);
        let sent = p
            .stdin
            .as_mut()
            .expect("open")
            .write_all(hello.as_bytes())
            .and_then(|()| p.stdin.as_mut().expect("open").flush());
        // A process that answers without reading still has its answer checked first.
        let mut line = String::new();
        p.watchdog.waiting();
        let read = (&mut p.stdout)
            .take(protocol::MAX_ANSWER_BYTES)
            .read_line(&mut line);
        p.watchdog.not_waiting();
        if read.is_err() || line.is_empty() {
            return Err(p.failed("before answering the hello line", "the hello line"));
        }
        p.announced = protocol::answer(&line).map_err(|e| p.error(&e))?;
        if let Some((name, version)) = launch.expect {
            let said = &p.announced;
            if (name, version) != (said.name.as_str(), said.version.as_str()) {
                return Err(p.error(&format!(
                    "it announces `{}` version {}, but the file was written by `{name}` \
                     version {version}",
                    said.name, said.version
                )));
            }
        }
        if sent.is_err() {
            return Err(p.failed("without reading the hello line", "the hello line"));
        }
        Ok(p)
    }

    /// An error about the process, with its last stderr lines.
    fn error(&self, what: &str) -> PredictError {
        PredictError(format!("predictor: {what}{}", self.sandbox.stderr_tail()))
    }

    /// The error when the process stopped answering `when` while the harness waited for
    /// `waiting_for`: a timeout, an idle limit, an interrupt, or its end (with its exit
    /// status).
    fn failed(&mut self, when: &str, waiting_for: &str) -> PredictError {
        match self.watchdog.fired() {
            Some(Fired::Interrupted) => {
                let _ = self.child.wait();
                return PredictError("predictor interrupted".into());
            }
            Some(Fired::Timeout) => {
                let _ = self.child.wait();
                return self.error(&format!(
                    "timed out after {} s and was killed ({when})",
                    self.watchdog.timeout.as_secs()
                ));
            }
            Some(Fired::Idle) => {
                let _ = self.child.wait();
                return self.error(&format!(
                    "sent nothing for {} s while the harness waited for {waiting_for}, and was \
                     killed: does it flush its stdout after each step, and send M float32 \
                     values per live stream? (`idle_timeout` sets the limit)",
                    self.watchdog.idle.as_secs()
                ));
            }
            None => {}
        }
        // It closed its output: it has ended or is ending.
        self.stdin = None;
        self.watchdog.stop();
        let status = self.child.wait().map(exit_code).unwrap_or(-1);
        let why = match status {
            127 => "its command was not found (exit status 127)".to_string(),
            0 => "it exited with status 0".to_string(),
            s => format!("it exited with status {s}"),
        };
        self.error(&format!("{why} {when}"))
    }

    /// Reads the first `n` bytes of a step's distributions into `self.bytes`, restarting the
    /// idle clock at every byte; on failure, how many came.
    fn receive(&mut self, n: usize) -> Result<(), usize> {
        let mut got = 0;
        self.watchdog.waiting();
        while got < n {
            match self.stdout.read(&mut self.bytes[got..n]) {
                Ok(0) => break,
                Ok(k) => {
                    got += k;
                    self.watchdog.waiting();
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        self.watchdog.not_waiting();
        if got == n {
            Ok(())
        } else {
            Err(got)
        }
    }

    /// Where a stray print was seen, as a hint to add to an error; empty when none was.
    fn stray_hint(&self) -> String {
        self.stray.as_ref().map_or(String::new(), |(step, text)| {
            format!(
                "; the bytes of step {step} held the text {text:?}: a print to stdout? (print \
                 to stderr; `deepzip_bench.serve()` sends Python's stdout there)"
            )
        })
    }
}

impl Predictor for ExternalPredictor {
    fn streams(&self) -> usize {
        self.parts.streams
    }

    fn predict(&mut self, live: usize, freqs: &mut [u32]) -> Result<(), PredictError> {
        let m = self.alphabet;
        let t = self.step;
        let n = 4 * m * live;
        if let Err(got) = self.receive(n) {
            let when = format!("at step {t}, before sending its {live} distribution(s)");
            let waiting_for = format!("step {t}'s {live} distribution(s): {got} of {n} bytes came");
            return Err(self.failed(&when, &waiting_for));
        }
        let bytes = &self.bytes[..n];
        if self.stray.is_none() {
            self.stray = self.stray_text.feed(t, bytes);
        }
        protocol::tables(bytes, live, m, t, &mut self.probs, freqs)
            .map_err(|e| self.error(&format!("{e}{}", self.stray_hint())))
    }

    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError> {
        let stdin = self.stdin.as_mut().expect("open until finish");
        if stdin
            .write_all(symbols)
            .and_then(|()| stdin.flush())
            .is_err()
        {
            let when = format!("at step {}, before reading the symbols", self.step);
            return Err(self.failed(&when, "it to read the symbols"));
        }
        self.step += 1;
        Ok(())
    }

    fn outside(&mut self) -> Option<&mut dyn Outside> {
        Some(self)
    }
}

impl Outside for ExternalPredictor {
    fn finish(&mut self) -> Result<Option<Usage>, PredictError> {
        // End of input: the process must exit with status 0 and say nothing more.
        self.stdin = None;
        let mut extra = Vec::new();
        self.watchdog.waiting();
        let read = (&mut self.stdout)
            .take(protocol::MAX_EXTRA_BYTES)
            .read_to_end(&mut extra);
        self.watchdog.not_waiting();
        if read.is_err() {
            return Err(self.failed("after the last step", "the end of its output"));
        }
        if !extra.is_empty() {
            let expected = 4 * self.alphabet as u64 * self.length;
            let what = protocol::extra_output(&extra, self.step, expected);
            return Err(self.error(&format!("{what}{}", self.stray_hint())));
        }
        let status = loop {
            if let Some(status) = self.child.try_wait().ok().flatten() {
                break exit_code(status);
            }
            if self.watchdog.fired().is_some() {
                return Err(self.failed("after the last step", "its exit"));
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        self.watchdog.stop();
        if status != 0 {
            return Err(self.error(&format!(
                "it exited with status {status} after the last step"
            )));
        }
        Ok(self.sandbox.usage())
    }

    fn announced(&self) -> &protocol::Announced {
        &self.announced
    }
}

impl Drop for ExternalPredictor {
    fn drop(&mut self) {
        self.watchdog.stop();
        if self.child.try_wait().ok().flatten().is_none() {
            kill(&mut self.child);
        }
    }
}
