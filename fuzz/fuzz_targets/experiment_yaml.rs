//! Experiment YAML → validated experiment → the plan `bench plan` and `bench run` use (job
//! keys, costs, shards, plan hash). Any text must give a field-named error or a plan.
#![no_main]

use std::path::Path;

use deepzip_bench::experiment::Experiment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(e) = Experiment::parse(text, Path::new("fuzz/fuzz.yaml")) else {
        return;
    };
    let grid = e.seeds.len() * e.lengths.len() * e.sources.len() * e.compressors.len();
    if grid > 100_000 {
        return;
    }
    let jobs = e.jobs();
    for job in &jobs {
        let _ = (job.key(), job.cost());
    }
    let _ = deepzip_bench::job_plan::plan_hash(&jobs);
    let _ = deepzip_bench::job_plan::assign_shards(&jobs, 3);
});
