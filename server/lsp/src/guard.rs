//! Panics kept inside one request: a bad input must not take the server down.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};
use tower_lsp_server::jsonrpc::{Error, Result};

/// Runs a pure computation, turning a panic into an error response (the panic hook has logged
/// it with its location).
pub fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        tracing::error!("{what} panicked; answered with an internal error");
        let mut error = Error::internal_error();
        error.message = format!("nianbao: internal error in {what} (see the server log)").into();
        error
    })
}

/// Locks a mutex even if a panic poisoned it: the panic was caught and logged by `guard`, and
/// the data stays usable.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
