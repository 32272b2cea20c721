//! `bench report`: re-render a results folder's tables and plots.

use crate::cli::ReportArgs;

pub fn report(args: ReportArgs) -> anyhow::Result<bool> {
    let _lock = crate::runner::lock_folder(&args.dir)?;
    for path in crate::report::render(&args.dir)? {
        println!("wrote {}", path.display());
    }
    Ok(true)
}
