//! The instruction set the hot loops run with, chosen at run time.
//!
//! A function run through `dispatch!` has one body compiled twice: for the build's
//! baseline (SSE2 on x86-64) and with AVX2 enabled, and each call runs the AVX2 copy where the
//! CPU has it. This does not change a bit of the result, because both copies compile the same
//! IEEE operations in the same order:
//! - the loops are element-wise (`kernels`), so a wider register only holds more independent
//!   lanes;
//! - every reduction (`kernels::dot`) has its order fixed in the source;
//! - Rust never contracts a·b + c into an FMA, and FMA is not enabled;
//! - nothing calls libm (`math`).
//!
//! The test `baseline_and_wide_kernels_give_the_same_bits` and `.ci/cross_cpu.sh` check
//! this on real runs. Nothing is selected on other architectures (aarch64 NEON is its
//! baseline). `set_baseline_only(true)` (the CLI's `DEEPZIP_KERNELS=baseline`) turns the
//! wide copies off, to measure them or to test the claim above.

use std::sync::atomic::{AtomicBool, Ordering};

static BASELINE_ONLY: AtomicBool = AtomicBool::new(false);

/// Runs every dispatched function with the baseline instruction set only (`true`) or the
/// widest one the CPU has (`false`, the default). The results are the same bits either way.
pub fn set_baseline_only(on: bool) {
    BASELINE_ONLY.store(on, Ordering::Relaxed);
}

/// The instruction set dispatched functions use now: "avx2" or "baseline".
pub fn kernels_in_use() -> &'static str {
    if wide() {
        "avx2"
    } else {
        "baseline"
    }
}

/// Whether to run the AVX2 copies.
#[inline]
pub(crate) fn wide() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        !BASELINE_ONLY.load(Ordering::Relaxed) && std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `dispatch!(f(args…))` calls `f::<TILE>(args…)` compiled for AVX2 with the wide register
/// tile where `wide()`, else for the baseline with its tile (see `kernels`). `f` and whatever
/// it calls must be `#[inline(always)]` to be compiled into the wide copy, and so is the
/// closure handed to `avx2`: left out of line, it would be compiled at the baseline width.
macro_rules! dispatch {
    ($f:ident($($arg:expr),* $(,)?)) => {
        if $crate::isa::wide() {
            // SAFETY: `wide()` is true only where the CPU has AVX2.
            unsafe {
                $crate::isa::avx2(
                    #[inline(always)]
                    || $f::<{ $crate::kernels::WIDE_TILE }>($($arg),*),
                )
            }
        } else {
            $f::<{ $crate::kernels::BASE_TILE }>($($arg),*)
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

/// Never called where `wide()` is always false.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}
