//! Sharded runs, `bench merge` and the cluster recipes of docs/cluster.md, on a tiny experiment.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::str::contains;

const TINY: &str = "name: tiny
length: 2000
seeds: [1, 2]
sources:
  - {kind: markov, k: [3, 9]}
  - {kind: iid, probs: [0.5, 0.25, 0.125, 0.125]}
compressors:
  - {kind: gzip}
  - {kind: order, k: [0, 4]}
  - {kind: chgru, hidden: 8}
";

fn bench() -> Command {
    Command::cargo_bin("bench").unwrap()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let exp = dir.path().join("tiny.yaml");
    std::fs::write(&exp, TINY).unwrap();
    (dir, exp)
}

fn run(exp: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    bench()
        .arg("run")
        .arg(exp)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// (job, bits per symbol as text) of a results.csv, in job order.
fn bps(path: &Path) -> Vec<(usize, Option<f64>)> {
    deepzip_bench::results_csv::load_results(path)
        .unwrap()
        .into_iter()
        .map(|r| (r.job, r.bits_per_symbol))
        .collect()
}

#[test]
fn merged_out_of_order_shards_equal_a_single_run() {
    let (dir, exp) = setup();
    let single = dir.path().join("single");
    run(&exp, &single, &[]).success();
    let sharded = dir.path().join("sharded");
    for i in [3, 1, 0, 2] {
        run(&exp, &sharded, &["--shard", &format!("{i}/4"), "-j", "1"]).success();
    }
    assert!(sharded.join("shards/2-of-4.csv").exists());
    bench().arg("merge").arg(&sharded).assert().success();
    assert_eq!(
        bps(&single.join("results.csv")),
        bps(&sharded.join("results.csv"))
    );
    assert!(sharded.join("table.md").exists() && sharded.join("learning_curves.png").exists());
    // A shard can be rerun alone; merge then refuses to overwrite without --force.
    run(&exp, &sharded, &["--shard", "1/4", "--force"]).success();
    bench()
        .arg("merge")
        .arg(&sharded)
        .assert()
        .failure()
        .stderr(contains("--force"));
    bench()
        .arg("merge")
        .arg(&sharded)
        .arg("--force")
        .assert()
        .success();
}

#[test]
fn merge_refuses_missing_duplicate_and_foreign_shards() {
    let (dir, exp) = setup();
    let out = dir.path().join("out");
    run(&exp, &out, &["--shard", "0/3"]).success();
    run(&exp, &out, &["--shard", "2/3"]).success();
    bench()
        .arg("merge")
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains("jobs are missing (ids"));
    // Shard 1 holding a copy of a job of shard 0: a duplicate.
    run(&exp, &out, &["--shard", "1/3"]).success();
    let shards = out.join("shards");
    let zero = std::fs::read_to_string(shards.join("0-of-3.csv")).unwrap();
    let one = std::fs::read_to_string(shards.join("1-of-3.csv")).unwrap();
    let stolen = zero.lines().nth(1).unwrap();
    std::fs::write(shards.join("1-of-3.csv"), format!("{one}{stolen}\n")).unwrap();
    bench()
        .arg("merge")
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains("appear in more than one shard"));
    std::fs::write(shards.join("1-of-3.csv"), one).unwrap();
    bench().arg("merge").arg(&out).assert().success();
    // A shard of another experiment file in the same folder.
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, TINY.replace("length: 2000", "length: 2500")).unwrap();
    bench()
        .args(["run"])
        .arg(&other)
        .arg("--out")
        .arg(&out)
        .args(["--shard", "0/5"])
        .assert()
        .success();
    bench()
        .arg("merge")
        .arg(&out)
        .arg("--force")
        .assert()
        .failure()
        .stderr(contains("different experiment files"));
}

#[test]
fn plan_lists_jobs_costs_and_shards() {
    let (_dir, exp) = setup();
    let out = bench()
        .arg("plan")
        .arg(&exp)
        .args(["--shards", "4"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("tiny: 24 jobs, 48000 symbols"), "{text}");
    assert!(text.contains("cost per shard:"));
    let json = bench()
        .arg("plan")
        .arg(&exp)
        .arg("--json")
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(doc["jobs"].as_array().unwrap().len(), 24);
    assert_eq!(doc["jobs"][5]["id"], 5);
    assert_eq!(doc["plan_hash"].as_str().unwrap().len(), 16);
    bench()
        .arg("run")
        .arg(&exp)
        .args(["--shard", "4/4"])
        .assert()
        .failure()
        .stderr(contains("0 <= I < N"));
}

/// The code block that follows `marker` in docs/cluster.md.
fn recipe_block(marker: &str) -> String {
    let chapter =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cluster.md"))
            .unwrap();
    let after = &chapter[chapter
        .find(marker)
        .unwrap_or_else(|| panic!("docs/cluster.md lacks {marker}"))..];
    let start = after.find("```bash\n").unwrap() + "```bash\n".len();
    after[start..start + after[start..].find("```").unwrap()].to_string()
}

/// PATH with the directory of the built `bench` first, as after `cargo install`.
fn path_with_bench() -> String {
    let bin = assert_cmd::cargo::cargo_bin("bench");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn cluster_slurm_array_script_runs_through_a_stand_in_scheduler() {
    let (dir, exp) = setup();
    let script = dir.path().join("array.sh");
    std::fs::write(&script, recipe_block("<!-- slurm-array -->")).unwrap();
    let text = std::fs::read_to_string(&script).unwrap();
    let range = text
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array="))
        .unwrap();
    let (lo, hi) = range.split_once('-').unwrap();
    let out = dir.path().join("results");
    // The stand-in: what Slurm does for an array, one task at a time.
    for task in lo.parse::<usize>().unwrap()..=hi.parse::<usize>().unwrap() {
        let status = Process::new("bash")
            .arg(&script)
            .env("PATH", path_with_bench())
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_CPUS_PER_TASK", "1")
            .env("EXPERIMENT", &exp)
            .env("OUT", &out)
            .status()
            .unwrap();
        assert!(status.success(), "task {task}");
    }
    let merge = recipe_block("<!-- slurm-merge -->");
    let status = Process::new("bash")
        .args(["-c", &merge])
        .env("PATH", path_with_bench())
        .env("OUT", &out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(bps(&out.join("results.csv")).len(), 24);
}

#[test]
fn cluster_gnu_parallel_one_liner_runs() {
    if Process::new("parallel").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have GNU parallel (see .ci/run)"
        );
        eprintln!("skipped: GNU parallel is not installed");
        return;
    }
    let (dir, exp) = setup();
    let out = dir.path().join("results");
    let status = Process::new("bash")
        .args(["-c", &recipe_block("<!-- gnu-parallel -->")])
        .env("PATH", path_with_bench())
        .env("EXPERIMENT", &exp)
        .env("OUT", &out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(bps(&out.join("results.csv")).len(), 24);
}
