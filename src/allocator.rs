//! The binary's allocator (a module of `main.rs`, not of the library):
//! mimalloc, asked for plain blocks whenever the alignment allows, and its
//! options set before the first allocation.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// mimalloc rather than the system allocator: extraction makes many small
/// short-lived allocations on every core, and keeps 100,000 documents'
/// facts with less fragmentation (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: Allocator = Allocator;

/// The `mimalloc` crate's allocator asks for every block with its
/// alignment (`mi_malloc_aligned`). mimalloc v3 serves that from the plain
/// size classes only for small powers of two; any other block (a file's
/// 2,700 bytes, a 200-byte vector) goes through its general aligned path,
/// which over-allocates: about 4 % of a cold index's samples at 100,000
/// documents. A plain `mi_malloc` block is aligned to 16 bytes, or to its
/// size below that (as `malloc` for Rust's `System`), so a layout within
/// that gets one; the others keep the aligned calls.
pub struct Allocator;

// mimalloc's plain calls (in the library the `mimalloc` crate links).
extern "C" {
    fn mi_malloc(size: usize) -> *mut c_void;
    fn mi_zalloc(size: usize) -> *mut c_void;
    fn mi_realloc(p: *mut c_void, newsize: usize) -> *mut c_void;
}

/// The alignment every `mi_malloc` block of at least this size has
/// (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// Whether a plain block of `size` bytes is aligned enough for `align`.
fn plain(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc, which frees any of its blocks,
// aligned or not, with `mi_free`; a plain block is only handed out where
// its alignment meets the layout's (`plain`).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.size(), layout.align()) {
            mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.size(), layout.align()) {
            mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        mimalloc::MiMalloc.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // `mi_realloc` takes any mimalloc block, aligned ones too, and
        // gives a plain one.
        if plain(new_size, layout.align()) {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mimalloc::MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}

/// mimalloc's options (`mi_option_t` of its v3, the version the
/// `mimalloc` crate builds; `tests::allocator_options_are_these` checks
/// the numbers against their defaults).
mod mi_option {
    pub const ARENA_EAGER_COMMIT: i32 = 4;
    pub const PURGE_DELAY: i32 = 15;
    extern "C" {
        #[cfg_attr(test, allow(dead_code))]
        pub fn mi_option_set(option: i32, value: std::ffi::c_long);
        #[cfg(test)]
        pub fn mi_option_get(option: i32) -> std::ffi::c_long;
    }
}

/// Gives freed memory back to the system after 10 ms (not a second) and
/// commits arena memory as it is used: the peak while the facts of every
/// document are gathered, and what stays resident after, are what freed
/// and committed-but-unused pages add to the facts (15-25 MB of 250 at
/// 100,000 documents, see BENCHMARKS.md; purging at once saved 3 MB more
/// for 2 s more system time). `MIMALLOC_*` variables still win.
/// Runs before anything is allocated (`TUNE_ALLOCATOR`): the commit option
/// only applies to arenas reserved after it is set, and the first is
/// reserved by the first allocation, before `main`.
#[cfg_attr(test, allow(dead_code))]
extern "C" fn tune_allocator() {
    // Eager commit first: reading a variable that is set allocates.
    let options = [(mi_option::ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT", 0), (mi_option::PURGE_DELAY, "MIMALLOC_PURGE_DELAY", 10)];
    for (option, variable, value) in options {
        if std::env::var_os(variable).is_none() {
            // SAFETY: sets one of mimalloc's option words (no allocation)
            // to a value valid for it.
            unsafe { mi_option::mi_option_set(option, value) };
        }
    }
}

/// Called by the loader with the other initializers of the binary, before
/// the Rust runtime allocates (not in the unit tests, which read the
/// options' defaults).
#[cfg(all(target_os = "linux", not(test)))]
#[used]
#[link_section = ".init_array.00101"]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers are mimalloc v3's: their defaults are those of
    /// purge_delay (1000 ms) and arena_eager_commit (2). (Run before any
    /// `tune_allocator`: tests do not call `main`.)
    #[test]
    fn allocator_options_are_these() {
        if std::env::vars_os().any(|(k, _)| k.to_string_lossy().starts_with("MIMALLOC_")) {
            return;
        }
        // SAFETY: reads mimalloc's option words.
        let (purge_delay, eager_commit) =
            unsafe { (mi_option::mi_option_get(mi_option::PURGE_DELAY), mi_option::mi_option_get(mi_option::ARENA_EAGER_COMMIT)) };
        assert_eq!((purge_delay, eager_commit), (1000, 2));
    }

    /// Blocks of sizes up to a few pages, at the alignments the plain path
    /// serves and beyond, are aligned as asked, zeroed when asked, and keep
    /// their bytes when they grow or shrink.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let allocator = Allocator;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 9, 15, 16, 17, 24, 100, 1000, 2700, 5000, 70_000] {
                let Ok(layout) = Layout::from_size_align(size, align) else { continue };
                // SAFETY: non-zero sizes; each block is read and written
                // within its size and freed once, with its layout.
                unsafe {
                    let zeroed = allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "zeroed block of {size} at {align}");
                    assert!(std::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
                    allocator.dealloc(zeroed, layout);
                    for new_size in [size * 3, size / 2 + 1] {
                        let block = allocator.alloc(layout);
                        assert_eq!(block as usize % align, 0, "block of {size} at {align}");
                        for i in 0..size {
                            *block.add(i) = i as u8;
                        }
                        let moved = allocator.realloc(block, layout, new_size);
                        assert_eq!(moved as usize % align, 0, "{size} -> {new_size} at {align}");
                        let kept = size.min(new_size);
                        assert!((0..kept).all(|i| *moved.add(i) == i as u8), "{size} -> {new_size} at {align}");
                        allocator.dealloc(moved, Layout::from_size_align_unchecked(new_size, align));
                    }
                }
            }
        }
    }
}
