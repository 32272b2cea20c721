//! Any command-line compressor as a grid compressor (`kind: command`): each call writes the
//! symbols (one byte each, or bit-packed) to a file `in` in a private temporary folder, runs
//! the user's template through `sh -c` in that folder with `{in}` and `{out}` replaced by the
//! file names `in` and `out` (so archivers store no long path), and reads `out` back. The
//! child's exit status, a timeout, a missing output and its last stderr lines become a clear
//! error. The process handling (folder, process group, Ctrl-C, measuring) is the core's
//! (`deepzip_core::process`), shared with the outside predictors.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use crate::packing::{pack, pack_bits_for, unpack};
use deepzip_core::codec::{Codec, CodecError, Encoded};
use deepzip_core::process::measure::Usage;
use deepzip_core::process::{wait_or_kill, with_experiment_dir, Sandbox};

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
    /// The folder of the experiment file it runs for (not in its label or params), which the
    /// child sees as `$DEEPZIP_EXPERIMENT_DIR`.
    pub experiment_dir: Option<PathBuf>,
}

pub struct CommandCodec {
    pub spec: CommandSpec,
    pub alphabet: usize,
}

impl CommandCodec {
    fn bits(&self) -> Option<u32> {
        if self.spec.packed {
            pack_bits_for(self.alphabet)
        } else {
            None
        }
    }

    /// Runs `template` on `input` in a private folder; the bytes it wrote to `{out}` and
    /// what it used.
    fn run(
        &self,
        what: &str,
        template: &str,
        input: &[u8],
    ) -> Result<(Vec<u8>, Option<Usage>), String> {
        let sandbox = Sandbox::new("deepzip-command-")?;
        let (in_path, out_path) = (sandbox.path().join("in"), sandbox.path().join("out"));
        std::fs::write(&in_path, input).map_err(|e| format!("cannot write its input: {e}"))?;
        let line = template.replace("{in}", "in").replace("{out}", "out");
        let env = with_experiment_dir(&self.spec.env, self.spec.experiment_dir.as_deref());
        let mut child = sandbox.spawn(what, &line, &env, Stdio::null(), Stdio::null())?;
        let waited = wait_or_kill(&mut child, Duration::from_secs(self.spec.timeout_s));
        let tail = || sandbox.stderr_tail();
        let status = match waited {
            Some(done) => done,
            None if deepzip_core::process::signals::interrupted() => {
                return Err(format!("{what} command interrupted"))
            }
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
        Ok((out, sandbox.usage()))
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
            header_bytes: None,
            announced: None,
            bytes,
            curve: Vec::new(),
            by_position: Vec::new(),
            usage,
            fingerprints: None,
            stored: None,
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
