//! `bench merge`: shards into one results folder.

use crate::cli::MergeArgs;

pub fn merge(args: MergeArgs) -> anyhow::Result<bool> {
    let _lock = crate::runner::lock_folder(&args.dir)?;
    let (results, records) = crate::shard_merge::merge(&args.dir, args.force)?;
    eprintln!("merged {} jobs into {}", records.len(), results.display());
    for path in crate::report::render(&args.dir)? {
        eprintln!("wrote {}", path.display());
    }
    let failed = records.iter().filter(|r| !r.error.is_empty()).count();
    if failed > 0 {
        eprintln!("{failed} of {} jobs failed", records.len());
    }
    Ok(failed == 0)
}
