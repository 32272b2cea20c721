//! Any command-line compressor as a grid compressor (`kind: command`): each call writes the
//! symbols (one byte each, or bit-packed) to a file `in` in a private temporary folder, runs
//! the user's template through `sh -c` in that folder with `{in}` and `{out}` replaced by the
//! file names `in` and `out` (so archivers store no long path), and reads `out` back. The child's exit status, a timeout, a missing output and its last stderr
//! lines become a clear error; the folder is removed on every way out, Ctrl-C included
//! (`interrupt`), but a kill of the harness itself. The command's peak resident memory and
//! CPU time come from `wait4` in a small measuring process (`measure`).

mod interrupt;
mod measure;

pub use measure::{measurer, MEASURE};

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::baselines::{pack, pack_bits_for, unpack};
use deepzip_core::codec::{Codec, CodecError, Encoded, Usage};

/// A command compressor, as the YAML gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandSpec {
    /// Its label in tables.
    pub name: String,
    /// Templates run by `sh -c`, with `{in}` and `{out}` standing for the file paths.
    pub compress: String,
    pub decompress: String,
    /// Bit-pack small alphabets (else one byte per symbol).
    pub packed: bool,
    /// Seconds each run may take before it is killed.
    pub timeout_s: u64,
    /// Extra environment variables of the child.
    pub env: Vec<(String, String)>,
}

pub struct CommandCodec {
    pub spec: CommandSpec,
    pub alphabet: usize,
}

/// Lines of the child's stderr quoted in an error.
const STDERR_LINES: usize = 5;

impl CommandCodec {
    fn bits(&self) -> Option<u32> {
        if self.spec.packed {
            pack_bits_for(self.alphabet)
        } else {
            None
        }
    }

    /// Runs `template` on `input`; the bytes it wrote to `{out}` and what it used.
    fn run(
        &self,
        what: &str,
        template: &str,
        input: &[u8],
    ) -> Result<(Vec<u8>, Option<Usage>), String> {
        interrupt::enter();
        let result = self.run_in_folder(what, template, input);
        // The folder is gone by now (dropped inside).
        interrupt::leave();
        result
    }

    fn run_in_folder(
        &self,
        what: &str,
        template: &str,
        input: &[u8],
    ) -> Result<(Vec<u8>, Option<Usage>), String> {
        let dir = tempfile::Builder::new()
            .prefix("deepzip-command-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        let (in_path, out_path) = (dir.path().join("in"), dir.path().join("out"));
        let (err_path, usage_path) = (dir.path().join(".stderr"), dir.path().join(".usage"));
        std::fs::write(&in_path, input).map_err(|e| format!("cannot write its input: {e}"))?;
        let line = template.replace("{in}", "in").replace("{out}", "out");
        let stderr = std::fs::File::create(&err_path)
            .map_err(|e| format!("cannot capture its stderr: {e}"))?;
        let harness = std::env::current_exe()
            .map_err(|e| format!("{what} command: cannot find this program to measure it: {e}"))?;
        let mut child = Command::new(harness)
            .arg(MEASURE)
            .arg(&usage_path)
            .args(["sh", "-c", &line])
            .current_dir(dir.path())
            .envs(self.spec.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            // Its own process group, so that a timeout kills what the template started too.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("{what} command: cannot start sh: {e}"))?;
        let waited = wait_or_kill(&mut child, Duration::from_secs(self.spec.timeout_s));
        let tail = || stderr_tail(&err_path);
        let status = match waited {
            Some(done) => done,
            None if interrupt::interrupted() => return Err(format!("{what} command interrupted")),
            None => {
                return Err(format!(
                    "{what} command timed out after {} s and was killed{}",
                    self.spec.timeout_s,
                    tail()
                ))
            }
        };
        if status != 0 {
            return Err(format!(
                "{what} command exited with status {status}{}",
                tail()
            ));
        }
        let out = std::fs::read(&out_path)
            .map_err(|e| format!("{what} command wrote no {{out}} file ({e}){}", tail()))?;
        Ok((out, measure::read(&usage_path)))
    }
}

impl Codec for CommandCodec {
    fn compress(&self, symbols: &[u8]) -> Result<Encoded, CodecError> {
        let input = match self.bits() {
            Some(bits) => pack(symbols, bits),
            None => symbols.to_vec(),
        };
        let (bytes, usage) = self
            .run("compress", &self.spec.compress, &input)
            .map_err(CodecError::Command)?;
        Ok(Encoded {
            bytes,
            curve: Vec::new(),
            usage,
        })
    }

    fn decompress(&self, bytes: &[u8]) -> Result<Vec<u8>, CodecError> {
        let (out, _) = self
            .run("decompress", &self.spec.decompress, bytes)
            .map_err(CodecError::Command)?;
        match self.bits() {
            Some(bits) => unpack(&out, bits).ok_or_else(|| {
                CodecError::Command("decompress command gave a damaged packed stream".into())
            }),
            None => Ok(out),
        }
    }
}

/// The last lines of the child's stderr, as `: …` (nothing when it wrote none).
fn stderr_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(STDERR_LINES)..].join(" | ");
    if tail.is_empty() {
        String::new()
    } else {
        format!(": {tail}")
    }
}

/// Waits for `child` at most `timeout`, or until the user interrupts (then kills its process
/// group and returns `None`): its exit status (128 + signal when a signal ended it).
fn wait_or_kill(child: &mut std::process::Child, timeout: Duration) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status.code().unwrap_or_else(|| {
                128 + std::os::unix::process::ExitStatusExt::signal(&status).unwrap_or(0)
            }));
        }
        if start.elapsed() >= timeout || interrupt::interrupted() {
            // SAFETY: kill(2) on the child's process group (its id: `process_group(0)`).
            unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
