//! The command line, declared with clap. No logic here: `commands` turns these into actions.

use std::path::PathBuf;

use clap::{Args, Parser};
use deepzip_core::model_spec::outside;
use deepzip_core::model_spec::predictor::Limits;
use deepzip_core::model_spec::ModelFlags;

#[derive(Debug, Parser)]
#[command(
    name = "bench",
    version,
    about = "deepzip-bench: how close do neural and classical compressors get to the entropy rate of sources where it is known?",
    after_help = "Start at README.md. The reference: docs/commands.md (every command), docs/yaml.md (experiment files), docs/results.md (output columns), docs/models.md, docs/transformer.md, docs/protocol.md, docs/peers.md, docs/cluster.md, docs/promises.md, docs/determinism.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Subcommand,
}

/// What `bench` is asked to do (its subcommands; a "command" elsewhere is an outside
/// program's command line).
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Run an experiment grid and write results/<name>/results.csv.
    #[command(
        after_help = "Reference: docs/commands.md (run), docs/yaml.md (the experiment file), docs/results.md (its output), docs/promises.md (interrupted runs, shared folders)."
    )]
    Run(RunArgs),
    /// Show the expanded job plan: ids, estimated costs, shards, totals.
    #[command(after_help = "Reference: docs/cluster.md (shards), docs/commands.md.")]
    Plan(PlanArgs),
    /// Combine the shards of a results folder into its results.csv, tables and plots.
    #[command(after_help = "Reference: docs/cluster.md (shards and merging).")]
    Merge(MergeArgs),
    /// Write the symbols of one source to a file, one byte per symbol.
    #[command(after_help = "Reference: docs/yaml.md (the source kinds and their fields).")]
    Gen(GenArgs),
    /// Compress any file with a model-based compressor into a .dz file.
    #[command(
        after_help = "Reference: docs/commands.md (compress, the .dz format), docs/models.md (models and recipes), docs/transformer.md, docs/protocol.md (--predictor)."
    )]
    Compress(Box<CompressArgs>),
    /// Decompress a .dz file.
    #[command(
        after_help = "Reference: docs/commands.md (decompress, the .dz format), docs/determinism.md (decoding on another machine), docs/protocol.md (--predictor)."
    )]
    Decompress(DecompressArgs),
    /// Re-render tables and plots of a results folder from its CSV files.
    #[command(
        after_help = "Reference: docs/commands.md (report), docs/results.md (the CSVs it reads)."
    )]
    Report(ReportArgs),
    /// Compare a results.csv with a baseline: exit 1 on regressions, missing or unverified rows.
    #[command(after_help = "Reference: docs/commands.md (check).")]
    Check(CheckArgs),
    /// Measure compress/decompress speed of each neural model (Markov-20, M = 2 unless
    /// --alphabet), alone or with --experts.
    #[command(
        after_help = "Reference: docs/commands.md (speed), docs/batching.md (what streams and threads buy), docs/protocol.md (--predictor), docs/mixing.md (--experts)."
    )]
    Speed(Box<SpeedArgs>),
}

#[derive(Debug, Args)]
pub struct SpeedArgs {
    /// Symbols per measurement.
    #[arg(long, default_value_t = 200_000)]
    pub len: u64,
    /// The model settings (those of compress), each applied to the kinds that take it:
    /// `--hidden 64` to the recurrent models, `--window 8` to Feat, `--experts match` to all.
    #[command(flatten)]
    pub model: ModelFlags,
    /// Parallel-stream counts B to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,16", value_parser = clap::value_parser!(u16).range(1..))]
    pub streams: Vec<u16>,
    /// Thread counts to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Vec<u16>,
    /// Models to measure, comma-separated (default: every neural kind); `mixer` is the
    /// experts alone.
    #[arg(long, short = 'm', value_delimiter = ',')]
    pub models: Vec<String>,
    /// Alphabet size M of the Markov-20 source measured on (X_n = X_{n-1} + X_{n-20} mod M).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(2..=256))]
    pub alphabet: u16,
    /// Measure an outside predictor instead (docs/protocol.md): the command that starts it.
    #[arg(long, conflicts_with_all = ["models", "model_settings"])]
    pub predictor: Option<String>,
    /// The outside predictor's params, a JSON object.
    #[arg(long, requires = "predictor")]
    pub params: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Also write the figures to this CSV file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Experiment YAML file, e.g. experiments/markov.yaml.
    pub experiment: PathBuf,
    /// Jobs run at once (default: all cores).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Output folder (default: results/<name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Continue an interrupted run, skipping the jobs already finished.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Discard earlier results in the output folder.
    #[arg(long)]
    pub force: bool,
    /// Run only shard I of N (0 <= I < N), e.g. `--shard $SLURM_ARRAY_TASK_ID/8`; results go
    /// to <out>/shards/I-of-N.csv, to be combined by `bench merge`.
    #[arg(long, value_parser = crate::job_plan::parse_shard)]
    pub shard: Option<(usize, usize)>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Experiment YAML file.
    pub experiment: PathBuf,
    /// Also show the shard of each job when cut into N shards.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub shards: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// A results folder holding shards/, e.g. results/markov.
    pub dir: PathBuf,
    /// Replace an existing results.csv.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// Source kind then its fields as key=value, e.g. `markov k=20 noise=0.1`.
    #[arg(required = true, num_args = 1..)]
    pub spec: Vec<String>,
    /// Number of symbols.
    #[arg(long)]
    pub len: u64,
    /// Seed of the source.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output file.
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// Also write what the source drew and knows as JSON: entropy_rate_bps, oracle_bps,
    /// bayes_bps, and a random chain's rows and stationary distribution (docs/yardsticks.md).
    #[arg(long)]
    pub describe: Option<PathBuf>,
    /// Overwrite existing output files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A results folder, e.g. results/markov.
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The results.csv to check.
    pub results: PathBuf,
    /// The baseline results.csv.
    #[arg(long)]
    pub baseline: PathBuf,
    /// Absolute slack in bits per symbol before a row counts as worse.
    #[arg(long, default_value_t = 0.005)]
    pub tolerance_bps: f64,
    /// Relative slack (fraction of the baseline value) before a row counts as worse.
    #[arg(long, default_value_t = 0.01)]
    pub tolerance_rel: f64,
    /// Replace the baseline with these results (after printing the comparison).
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct CompressArgs {
    /// Input file, or - for stdin.
    pub input: PathBuf,
    /// Output .dz file, or - for stdout.
    pub output: PathBuf,
    /// Model: cm (the binary context mixer: docs/cm.md; without -m it has a ChGRU input,
    /// `--neural chgru --recipe tuned`, and `--neural none` leaves it alone), chgru, chrnn,
    /// lstm, feat, transformer (the report's models), mixer (experts alone) or order-K
    /// (adaptive order-K context counts). The hybrid that was the default before cm is `-m
    /// chgru --recipe tuned --experts match,order1,order2,order3,order4,order6`.
    #[arg(short = 'm', long = "model")]
    pub model: Option<String>,
    /// The model in the words a `.dz` header and `dz compress` use, instead of -m and its
    /// flags: `kind key=value …`, e.g. "chgru hidden=32 experts=[match,order2]" (the same
    /// parser as a header's).
    #[arg(long, conflicts_with_all = ["model", "model_settings", "streams"])]
    pub spec: Option<String>,
    /// An outside predictor instead of a built-in model: the command that starts it (run by
    /// `sh -c` in a private folder; it speaks docs/protocol.md). With --streams and --params.
    #[arg(long, conflicts_with_all = ["model", "model_settings", "spec"])]
    pub predictor: Option<String>,
    /// The fast level: cm's lean engine alone on the symbols' indices, `-m cm --engine lean
    /// --bytes off --neural none` (about 1 MB/s on one core; docs/cm.md measures it against
    /// the default and the peers). Takes `--table-bits`, `--e8e9`, `--exact-split` and
    /// `--bytes`.
    #[arg(long, conflicts_with_all = ["model", "spec", "predictor"])]
    pub fast: bool,
    /// The outside predictor's params: a JSON object handed to it (and recorded in the
    /// header).
    #[arg(long, requires = "predictor")]
    pub params: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub settings: ModelFlags,
    /// Parallel streams or sliding rows B (B > 1 online holds the whole input in memory).
    #[arg(long)]
    pub streams: Option<u32>,
    /// Seed of the model's initial weights (stored in the header).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads of a neural model (default: all cores). The output is the same bits for any
    /// count, and any count decodes it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Use all 256 byte values as the alphabet instead of the ones that occur.
    #[arg(long)]
    pub full_alphabet: bool,
    /// Decode the output and compare it with the input before it takes its name (the
    /// default with --predictor, whose replay is the user's to ensure).
    #[arg(long, conflicts_with = "no_verify")]
    pub verify: bool,
    /// Do not decode the output to check it (with --predictor).
    #[arg(long)]
    pub no_verify: bool,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
    /// No progress bar or summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DecompressArgs {
    /// Input .dz file, or - for stdin.
    pub input: PathBuf,
    /// Output file, or - for stdout.
    pub output: PathBuf,
    /// The command of the outside predictor that wrote the file (a file never names one):
    /// its process must announce the name and version the header records.
    #[arg(long)]
    pub predictor: Option<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Threads of a neural model (default: all cores). The output is the same bits for any
    /// count, and any count decodes it.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
    /// No progress bar or summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How long an outside predictor may take (`--predictor`), as the YAML fields `timeout` and
/// `idle_timeout` say it for a grid.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Seconds the outside predictor's whole run may take before it is killed.
    #[arg(long, requires = "predictor", default_value_t = outside::DEFAULT_TIMEOUT_S, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Seconds the outside predictor may send nothing while the harness waits for it (a
    /// forgotten flush, too few values) before it is killed.
    #[arg(long, requires = "predictor", default_value_t = outside::DEFAULT_IDLE_TIMEOUT_S, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            timeout_s: self.timeout,
            idle_timeout_s: self.idle_timeout,
        }
    }
}
