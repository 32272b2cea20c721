//! An outside process as a predictor (`kind: predictor`, `--predictor`): started in a private
//! folder through `sh -c` with the user's command (`process`), spoken to over its stdin and
//! stdout in protocol version 1 (`protocol`). Everything a process can do wrong (not start,
//! answer out of protocol, send a bad distribution, end early, say more after the end, exit
//! non-zero, hang) becomes a `PredictError` naming the step, the stream and its last stderr
//! lines; the process group is killed and the folder removed on every way out.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{protocol, PredictError, Predictor, Run};
use crate::parts::Parts;
use crate::process::measure::Usage;
use crate::process::{exit_code, interrupt, kill, Pin, Sandbox};

/// How to start the process, and what it must announce.
pub struct Launch<'a> {
    pub command: &'a str,
    pub env: &'a [(String, String)],
    pub streams: usize,
    pub params: &'a Value,
    pub timeout: Duration,
    /// The name and version a decode run's process must announce (those of the run that
    /// wrote the file).
    pub expect: Option<(&'a str, &'a str)>,
    /// Run the process on this thread's CPU (they take turns; see `process::Pin`). The
    /// predictor must then be dropped on the thread that started it.
    pub pin: bool,
}

pub struct ExternalPredictor {
    // Dropped last: the process group is killed (Drop) before the folder goes.
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    stdout: BufReader<ChildStdout>,
    watchdog: Watchdog,
    alphabet: usize,
    parts: Parts,
    step: usize,
    bytes: Vec<u8>,
    probs: Vec<f32>,
    announced: (String, String),
    sandbox: Sandbox,
    /// Restores this thread's CPU set after the process is gone.
    _pin: Option<Pin>,
}

/// Kills the process group when the run's time is up or the user interrupts.
struct Watchdog {
    done: Option<Sender<()>>,
    fired: Arc<AtomicBool>,
    timeout: Duration,
}

impl Watchdog {
    fn start(pid: u32, timeout: Duration) -> Watchdog {
        let (done, wait) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let flag = fired.clone();
        let start = Instant::now();
        std::thread::spawn(move || loop {
            match wait.recv_timeout(Duration::from_millis(50)) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {
                    if start.elapsed() >= timeout || interrupt::interrupted() {
                        flag.store(true, Ordering::SeqCst);
                        // SAFETY: kill(2) on the child's process group, which the predictor
                        // has not reaped yet (it stops the watchdog first).
                        unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
                        return;
                    }
                }
            }
        });
        Watchdog {
            done: Some(done),
            fired,
            timeout,
        }
    }

    fn stop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
    }

    fn fired(&self) -> bool {
        self.fired.load(Ordering::SeqCst)
    }
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
        let watchdog = Watchdog::start(child.id(), launch.timeout);
        let m = run.alphabet;
        let mut p = ExternalPredictor {
            child,
            stdin: Some(BufWriter::new(stdin)),
            stdout: BufReader::with_capacity(1 << 16, stdout),
            watchdog,
            alphabet: m,
            parts: Parts::new(run.length as usize, launch.streams),
            step: 0,
            bytes: vec![0; 4 * m * launch.streams],
            probs: vec![0.0; m],
            announced: (String::new(), String::new()),
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
        let read = (&mut p.stdout)
            .take(protocol::MAX_ANSWER_BYTES)
            .read_line(&mut line);
        if read.is_err() || line.is_empty() {
            return Err(p.failed("before answering the hello line"));
        }
        p.announced = protocol::answer(&line).map_err(|e| p.error(&e))?;
        if let Some((name, version)) = launch.expect {
            if (name, version) != (p.announced.0.as_str(), p.announced.1.as_str()) {
                return Err(p.error(&format!(
                    "it announces `{}` version {}, but the file was written by `{name}` \
                     version {version}",
                    p.announced.0, p.announced.1
                )));
            }
        }
        if sent.is_err() {
            return Err(p.failed("without reading the hello line"));
        }
        Ok(p)
    }

    /// The name and version the process announced.
    pub fn announced(&self) -> (&str, &str) {
        (&self.announced.0, &self.announced.1)
    }

    /// An error about the process, with its last stderr lines.
    fn error(&self, what: &str) -> PredictError {
        PredictError(format!("predictor: {what}{}", self.sandbox.stderr_tail()))
    }

    /// The error when the process stopped answering `when`: a timeout, an interrupt, or its
    /// end (with its exit status).
    fn failed(&mut self, when: &str) -> PredictError {
        if self.watchdog.fired() {
            let _ = self.child.wait();
            return if interrupt::interrupted() {
                PredictError("predictor interrupted".into())
            } else {
                self.error(&format!(
                    "timed out after {} s and was killed ({when})",
                    self.watchdog.timeout.as_secs()
                ))
            };
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
}

impl Predictor for ExternalPredictor {
    fn streams(&self) -> usize {
        self.parts.streams
    }

    fn predict(&mut self, live: usize, freqs: &mut [u32]) -> Result<(), PredictError> {
        let m = self.alphabet;
        let t = self.step;
        let bytes = &mut self.bytes[..4 * m * live];
        if self.stdout.read_exact(bytes).is_err() {
            let when = format!("at step {t}, before sending its {live} distribution(s)");
            return Err(self.failed(&when));
        }
        protocol::tables(bytes, live, m, t, &mut self.probs, freqs).map_err(|e| self.error(&e))
    }

    fn update(&mut self, symbols: &[u8]) -> Result<(), PredictError> {
        let stdin = self.stdin.as_mut().expect("open until finish");
        if stdin
            .write_all(symbols)
            .and_then(|()| stdin.flush())
            .is_err()
        {
            let when = format!("at step {}, before reading the symbols", self.step);
            return Err(self.failed(&when));
        }
        self.step += 1;
        Ok(())
    }

    fn finish(&mut self) -> Result<Option<Usage>, PredictError> {
        // End of input: the process must exit with status 0 and say nothing more.
        self.stdin = None;
        let mut extra = [0u8; 1];
        match self.stdout.read(&mut extra) {
            Ok(0) => {}
            Ok(_) => {
                return Err(self.error(&format!(
                    "it wrote more after the last step ({})",
                    self.step
                )))
            }
            Err(_) => return Err(self.failed("after the last step")),
        }
        let status = loop {
            if let Some(status) = self.child.try_wait().ok().flatten() {
                break exit_code(status);
            }
            if self.watchdog.fired() {
                return Err(self.failed("after the last step"));
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

    fn fingerprinted(&self) -> bool {
        true
    }

    fn announced(&self) -> Option<(&str, &str)> {
        Some(ExternalPredictor::announced(self))
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
