//! The cm model's large tables, laid out for the machine's memory: each starts at a boundary
//! of 2 MiB and, on Linux, asks the kernel for huge pages (`madvise`), so a context's random
//! reads miss the TLB less often. The layout only: a table is indexed from its offset the
//! same on every machine, and what it holds does not depend on where it lies.

/// The boundary a table starts at.
const HUGE: usize = 1 << 21;

/// A zero table of `len` entries, with the index of its first (at a 2 MiB boundary).
pub fn table<T: Copy + Default>(len: usize) -> (Vec<T>, usize) {
    let size = std::mem::size_of::<T>();
    let table = vec![T::default(); len + HUGE / size];
    let offset = (HUGE - table.as_ptr() as usize % HUGE) % HUGE / size;
    advise(&table[offset..offset + len]);
    (table, offset)
}

/// Asks for huge pages under `table` (where the kernel offers them on request).
#[cfg(target_os = "linux")]
fn advise<T>(table: &[T]) {
    let bytes = std::mem::size_of_val(table) / HUGE * HUGE;
    if bytes > 0 {
        // SAFETY: the range lies within `table`, memory this process owns; the advice
        // changes how it is paged, not what it holds.
        unsafe {
            libc::madvise(
                table.as_ptr() as *mut libc::c_void,
                bytes,
                libc::MADV_HUGEPAGE,
            )
        };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise<T>(_: &[T]) {}

/// Asks the cache for the line holding `entry`, to be read soon (on x86-64; elsewhere
/// nothing). A hint only: no value read depends on it.
#[inline]
pub fn prefetch<T>(entry: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing into the program and faults on no address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(entry as *const T as *const i8)
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = entry;
}
