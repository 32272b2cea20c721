//! Which recurrent cell a layer runs, and how many gate blocks it has.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Rnn,
    /// GRU with the reset gate after the recurrent product (`gru_reset_before` has the
    /// other form).
    Gru,
    GruResetBefore,
    Lstm,
}

impl CellKind {
    /// Gate blocks of `hidden` values each.
    pub fn gates(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Gru | CellKind::GruResetBefore => 3,
            CellKind::Lstm => 4,
        }
    }
}
