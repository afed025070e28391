//! mimalloc for the whole process: Rust's allocations and tree-sitter's C allocations alike.
//!
//! Parsing and checking allocate many small, short-lived objects (subtrees, stack nodes, cell
//! strings); glibc's malloc made up about a fifth of the instructions of a check. mimalloc cut
//! the CPU time of parse + check by ~15% in `nianbao-bench` (docs/performance.md).
//!
//! Choosing an allocator is the program's decision, not the library's, so this module exists
//! only with the `mimalloc` feature, and a binary opts in with two lines:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: nianbao_core::allocator::MiMalloc = nianbao_core::allocator::MiMalloc;
//! // first thing in main():
//! nianbao_core::allocator::install_for_tree_sitter();
//! ```

pub use mimalloc::MiMalloc;

/// Makes tree-sitter's C code allocate with mimalloc too. Call it first thing in `main`, before
/// any tree is parsed (tree-sitter must free with the allocator that allocated).
pub fn install_for_tree_sitter() {
    use libmimalloc_sys::{mi_calloc, mi_free, mi_malloc, mi_realloc};
    // SAFETY: the four functions are one allocator family, never return null for a non-zero size
    // (mimalloc aborts on out-of-memory like libc's malloc fails), align as malloc does, and this
    // runs at the start of main, before any tree-sitter object exists and before other threads.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: mi_malloc,
            calloc: mi_calloc,
            realloc: mi_realloc,
            free: mi_free,
        }));
    }
}
