//! The recipes: which one a model starts from when the user names none. What each recipe
//! sets is declared with each setting (`declared`).

use super::settings::{ModelKind, Recipe};

impl Recipe {
    /// The recipe a model of `kind` uses when none is named.
    pub fn default_for(kind: ModelKind) -> Recipe {
        match kind {
            ModelKind::Lstm => Recipe::Tuned,
            _ => Recipe::DeepZip,
        }
    }
}
