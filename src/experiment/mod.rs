//! The experiment file: a YAML grid of sources × compressors × lengths × seeds, validated with
//! errors that name the file, the YAML path and the expected form, then expanded into jobs.

mod compressor_entry;
mod peer_entry;
mod references;
mod sources;

use std::path::{Path, PathBuf};

use generators::Source;

use crate::compressor_spec::CompressorSpec;
use crate::record::Reference;
use deepzip_core::model_spec::ModelSpec;
use deepzip_core::yaml::{field_error, words_to_yaml, FieldError, Node};

/// A validated experiment.
#[derive(Debug, Clone)]
pub struct Experiment {
    pub name: String,
    pub lengths: Vec<usize>,
    pub seeds: Vec<u64>,
    pub sources: Vec<Source>,
    pub compressors: Vec<CompressorSpec>,
    /// The threads each compressor's jobs ask for (`None`: the runner chooses).
    pub threads: Vec<Option<usize>>,
    pub verify: bool,
    /// Published figures to show beside ours.
    pub references: Vec<Reference>,
}

/// One cell of the grid: everything a worker needs, nothing shared.
#[derive(Debug, Clone)]
pub struct Job {
    /// Position in the expanded plan.
    pub index: usize,
    pub source: Source,
    pub length: usize,
    pub seed: u64,
    pub compressor: CompressorSpec,
    /// Threads the job asks for (`None`: the runner chooses). Not part of the key: the
    /// results are the same bits for any count.
    pub threads: Option<usize>,
}

impl Job {
    /// Identifies the job across runs (for `--resume`): every setting, nothing positional.
    pub fn key(&self) -> String {
        format!(
            "{} {} | length={} seed={} | {} {}",
            self.source.kind(),
            self.source.params(),
            self.length,
            self.seed,
            self.compressor.label(),
            self.compressor.params()
        )
    }

    /// Estimated cost in classic-compressor symbol units: its symbols, and those its prior
    /// trains on (as if no other job shared it).
    pub fn cost(&self) -> f64 {
        let pretrain = match &self.compressor {
            CompressorSpec::Model(m) => m.prior().map_or(0, |p| p.symbols(self.length as u64)),
            _ => 0,
        };
        (self.length as f64 + pretrain as f64) * self.compressor.cost_per_symbol()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    // The causes are fields named `error`, not `source`: the message shows them once, and
    // they are not chained a second time.
    #[error("cannot read experiment file {file}: {error}")]
    Io {
        file: PathBuf,
        error: std::io::Error,
    },
    #[error("{file}: not valid YAML: {error}")]
    Syntax {
        file: PathBuf,
        error: serde_yaml_ng::Error,
    },
    #[error("{file}: {error}")]
    Field { file: PathBuf, error: FieldError },
}

const TOP_FIELDS: &[&str] = &[
    "name",
    "length",
    "seeds",
    "sources",
    "compressors",
    "verify",
    "references",
];
/// Longest stream a job may ask for (one byte per symbol, held in memory).
const MAX_LENGTH: u64 = 1 << 34;

impl Experiment {
    pub fn load(file: &Path) -> Result<Experiment, ExperimentError> {
        let text = std::fs::read_to_string(file).map_err(|error| ExperimentError::Io {
            file: file.to_path_buf(),
            error,
        })?;
        let mut experiment = Experiment::parse(&text, file)?;
        // Commands and predictors can name files beside the experiment file.
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
        if let Ok(dir) = dir.unwrap_or(Path::new(".")).canonicalize() {
            experiment.give_experiment_dir(&dir);
        }
        Ok(experiment)
    }

    /// Every command and outside predictor of the grid is told `dir` as
    /// `$DEEPZIP_EXPERIMENT_DIR`.
    fn give_experiment_dir(&mut self, dir: &Path) {
        for compressor in &mut self.compressors {
            match compressor {
                CompressorSpec::Command(c) => c.experiment_dir = Some(dir.to_path_buf()),
                CompressorSpec::Model(ModelSpec::External(e)) => {
                    e.experiment_dir = Some(dir.to_path_buf())
                }
                _ => {}
            }
        }
    }

    /// Parses YAML text; `file` names it in errors and anchors relative source paths.
    pub fn parse(text: &str, file: &Path) -> Result<Experiment, ExperimentError> {
        let value: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(text).map_err(|error| ExperimentError::Syntax {
                file: file.to_path_buf(),
                error,
            })?;
        let base_dir = file.parent().unwrap_or(Path::new("."));
        Experiment::from_yaml(&value, base_dir).map_err(|error| ExperimentError::Field {
            file: file.to_path_buf(),
            error,
        })
    }

    fn from_yaml(value: &serde_yaml_ng::Value, base_dir: &Path) -> Result<Experiment, FieldError> {
        let root = Node::root(value);
        let mut f = root.fields()?;
        let name = parse_name(&f.require("name")?)?;
        let length_node = f.require("length")?;
        let lengths = length_node.grid(|v| v.as_u64_in(1..=MAX_LENGTH).map(|x| x as usize))?;
        let seeds = match f.take("seeds") {
            None => vec![0],
            Some(n) => n.grid(|v| v.as_u64_in(0..=u64::MAX))?,
        };
        let verify = match f.take("verify") {
            None => true,
            Some(n) => n.as_bool()?,
        };
        let shortest = lengths.iter().min().copied().unwrap_or(0);
        let sources = parse_sources(&f.require("sources")?, shortest, base_dir)?;
        let widest = sources.iter().map(Source::alphabet).max().unwrap_or(2);
        let compressors_node = f.require("compressors")?;
        let (compressors, threads) = parse_compressors(&compressors_node, widest)?;
        for (source, compressor) in sources
            .iter()
            .flat_map(|s| compressors.iter().map(move |c| (s, c)))
        {
            compressor
                .for_source(source)
                .map_err(|why| compressors_node.error(why))?;
        }
        let references = references::parse(
            f.take("references"),
            &sources.iter().map(Source::label).collect::<Vec<_>>(),
            &compressors.iter().map(|c| c.label()).collect::<Vec<_>>(),
        )?;
        f.finish(TOP_FIELDS)?;
        Ok(Experiment {
            name,
            lengths,
            seeds,
            sources,
            compressors,
            threads,
            verify,
            references,
        })
    }

    /// The grid in a fixed order: seed, length, source, compressor.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for &seed in &self.seeds {
            for &length in &self.lengths {
                for source in &self.sources {
                    for (compressor, &threads) in self.compressors.iter().zip(&self.threads) {
                        jobs.push(Job {
                            index: jobs.len(),
                            source: source.clone(),
                            length,
                            seed,
                            compressor: compressor.for_source(source).expect("checked when parsed"),
                            threads,
                        });
                    }
                }
            }
        }
        jobs
    }
}

#[cfg(test)]
mod file_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod yardstick_tests;

/// Builds one source from command-line words (`markov k=20 noise=0.1`).
pub fn parse_source_words(words: &[String]) -> anyhow::Result<Source> {
    let value = words_to_yaml(words).map_err(|e| anyhow::anyhow!("source spec: {e}"))?;
    let mut found = sources::parse(&Node::root(&value), Path::new("."))
        .map_err(|e| field_error("source spec", e))?;
    anyhow::ensure!(
        found.len() == 1,
        "source spec: expected one source, the lists given expand to {}",
        found.len()
    );
    Ok(found.remove(0))
}

/// The experiment's name, which names its results folder.
fn parse_name(node: &Node) -> Result<String, FieldError> {
    let name = node.as_str()?.to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        || name.starts_with('.')
    {
        return Err(node.error(format!(
            "expected a name of letters, digits, `-`, `_` or `.` (it names the results folder), got \"{name}\""
        )));
    }
    Ok(name)
}

/// Every source of the `sources:` list, each longer than its warm-up at the `shortest`
/// length and of its own label.
fn parse_sources(node: &Node, shortest: usize, base_dir: &Path) -> Result<Vec<Source>, FieldError> {
    let entries = node.items()?;
    if entries.is_empty() {
        return Err(node.error("expected at least one source"));
    }
    let (mut sources, mut source_from): (Vec<Source>, Vec<String>) = (Vec::new(), Vec::new());
    for entry in &entries {
        for source in sources::parse(entry, base_dir)? {
            if source.warmup() >= shortest {
                return Err(FieldError {
                    path: format!("{}.k", entry.path()),
                    message: format!(
                        "k = {} must be less than the length ({shortest}), or the stream is all warm-up",
                        source.warmup()
                    ),
                });
            }
            // Tables take a source's rows by its label: two sources of one label would be
            // averaged into one row.
            if let Some(i) = sources.iter().position(|s| s.label() == source.label()) {
                let what = match sources[i].params() == source.params() {
                    true => "list each source once".to_string(),
                    false => format!(
                        "there as {}; their rows would be averaged in the tables",
                        sources[i].params()
                    ),
                };
                return Err(entry.error(format!(
                    "gives the source `{}` ({}) that `{}` already gives: {what}",
                    source.label(),
                    source.params(),
                    source_from[i]
                )));
            }
            sources.push(source);
            source_from.push(entry.path().to_string());
        }
    }
    Ok(sources)
}

/// Every compressor of the `compressors:` list with the threads of its entry, each of its
/// own label and small enough for the `widest` alphabet of the grid.
fn parse_compressors(
    node: &Node,
    widest: usize,
) -> Result<(Vec<CompressorSpec>, Vec<Option<usize>>), FieldError> {
    let entries = node.items()?;
    if entries.is_empty() {
        return Err(node.error("expected at least one compressor"));
    }
    let (mut compressors, mut compressor_from): (Vec<CompressorSpec>, Vec<String>) =
        (Vec::new(), Vec::new());
    let mut threads = Vec::new();
    for entry in &entries {
        let (specs, entry_threads) = compressor_entry::parse(entry)?;
        for compressor in specs {
            // Tables take a compressor's cells by its label: two compressors of one label
            // would be averaged into one cell, whatever else differs.
            let label = compressor.label();
            if let Some(i) = compressors.iter().position(|c| c.label() == label) {
                let what = match compressors[i].params() == compressor.params() {
                    true => "list each compressor once",
                    false => {
                        "their results would be averaged into one column; give each its own \
                         label (a predictor or command its own `name`)"
                    }
                };
                return Err(entry.error(format!(
                    "gives the compressor `{label}` that `{}` already gives: {what}",
                    compressor_from[i]
                )));
            }
            // A model too large for the largest alphabet is refused before any job runs.
            compressor
                .check_memory(widest)
                .map_err(|message| entry.error(message))?;
            compressors.push(compressor);
            compressor_from.push(entry.path().to_string());
            threads.push(entry_threads);
        }
    }
    Ok((compressors, threads))
}
