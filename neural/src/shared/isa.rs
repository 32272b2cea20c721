//! The instruction set the hot loops run with, chosen at run time.
//!
//! A function run through `dispatch!` has one body compiled twice: for the build's baseline
//! (SSE2 on x86-64) and with AVX2 enabled; each call runs the AVX2 copy where the CPU has it
//! (unless `set_kernels` caps the level). This does not change a bit of the result, because
//! both copies compile the same IEEE operations in the same order:
//! - the loops are element-wise (`kernels`), so a wider register only holds more independent
//!   lanes;
//! - every reduction (`kernels::dot`) has its order fixed in the source;
//! - Rust never contracts a·b + c into an FMA, and FMA is not enabled;
//! - nothing calls libm (`math`).
//!
//! The test `every_kernel_level_gives_the_same_bits` and `.ci/cross_cpu.sh` check this on
//! real runs. Nothing is selected on other architectures (aarch64 NEON is its baseline).
//! `set_kernels` (the CLI's `DEEPZIP_KERNELS`) caps the level, to measure the copies or to
//! test the claim above. (An AVX-512 copy was measured: with the same code it ran no faster
//! at 16 columns per tile, and 5× slower at 32, whose tiles LLVM kept in memory.)

use std::sync::atomic::{AtomicU8, Ordering};

/// The instruction sets, narrowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kernels {
    Baseline,
    Avx2,
}

impl Kernels {
    pub const ALL: [Kernels; 2] = [Kernels::Baseline, Kernels::Avx2];

    pub fn name(self) -> &'static str {
        match self {
            Kernels::Baseline => "baseline",
            Kernels::Avx2 => "avx2",
        }
    }

    pub fn from_name(name: &str) -> Option<Kernels> {
        Kernels::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The widest this CPU has.
    pub fn available() -> Kernels {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                return Kernels::Avx2;
            }
        }
        Kernels::Baseline
    }
}

/// The widest level allowed (as `Kernels as u8`).
static CAP: AtomicU8 = AtomicU8::new(Kernels::Avx2 as u8);

/// Runs every dispatched function with at most `cap`'s instruction set (the default is the
/// widest). The results are the same bits at any level.
pub fn set_kernels(cap: Kernels) {
    CAP.store(cap as u8, Ordering::Relaxed);
}

/// The instruction set dispatched functions use now.
pub fn kernels_in_use() -> Kernels {
    let cap = Kernels::ALL[CAP.load(Ordering::Relaxed) as usize];
    cap.min(Kernels::available())
}

/// `dispatch!(f(args…))` calls `f::<TILE>(args…)` compiled for the level `kernels_in_use()`
/// gives, with that level's register tile (see `kernels`). `f` and whatever it calls must be
/// `#[inline(always)]` to be compiled into the wide copy, and so is the closure handed to
/// `avx2`: left out of line, it would be compiled at the baseline width.
macro_rules! dispatch {
    ($f:ident($($arg:expr),* $(,)?)) => {
        match $crate::shared::isa::kernels_in_use() {
            // SAFETY: `kernels_in_use()` gives AVX2 only where the CPU has it.
            $crate::shared::isa::Kernels::Avx2 => unsafe {
                $crate::shared::isa::avx2(
                    #[inline(always)]
                    || $f::<{ $crate::shared::kernels::WIDE_TILE }>($($arg),*),
                )
            },
            $crate::shared::isa::Kernels::Baseline => $f::<{ $crate::shared::kernels::BASE_TILE }>($($arg),*),
        }
    };
}
pub(crate) use dispatch;

/// Runs `f` with AVX2 enabled. Safety: the CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Never called where no wide level is available.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}
