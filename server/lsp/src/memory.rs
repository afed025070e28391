//! The server's footprint: it stays up all day beside the editor, so it gives up transparent
//! huge pages.
//!
//! mimalloc (the `nianbao` binary's allocator) reserves a 1 GiB arena, commits it eagerly on
//! Linux and asks for huge pages on it (`madvise(MADV_HUGEPAGE)`); on a kernel whose THP mode is
//! `madvise` or `always`, each region it touches is then backed by a whole 2 MiB page. That was
//! 13 MiB of the 23 MiB resident after `initialize`, and ~24 of the ~66 MiB with 100 typical
//! documents open (`lsp-bench --memory-only`, docs/lsp.md). The options that would stop it
//! (`MIMALLOC_ALLOW_THP=0`) are read before `main`; the process-wide switch below has the same
//! effect on every page faulted from now on, whichever allocator faults it.

/// Stops the kernel from backing this process's memory with transparent huge pages.
pub fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` only sets a flag of this process's
        // memory map; it reads and writes no memory of ours.
        let status = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
        if status != 0 {
            // Kernels before 3.15 lack it: the server works as before, with more memory.
            tracing::debug!(
                "prctl(PR_SET_THP_DISABLE): {}",
                std::io::Error::last_os_error()
            );
        }
    }
}
