//! `bench report`: re-render a results folder's tables and plots.

use crate::cli::ReportArgs;

pub fn report(args: ReportArgs) -> anyhow::Result<bool> {
    for path in crate::report::render(&args.dir)? {
        println!("wrote {}", path.display());
    }
    Ok(true)
}
