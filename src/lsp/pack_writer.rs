//! Writes the fact cache's pack after indexing, on a thread of its own, so
//! the server says "ready" without waiting for it (at 100k documents the
//! write takes longer than the analysis). It encodes on that one thread
//! (a one-thread pool for the pack's parallel steps), leaving the other
//! cores to the requests that follow "ready". Each write waits for the one
//! before it, so an older pack never replaces a newer one, and the server
//! waits for the last before it exits, so the next start finds the pack.
//! On Linux that thread also runs at a lower priority (nice 10): a request
//! arriving while the pack is written takes a core from it at once.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

#[derive(Clone, Default)]
pub struct PackWriter(Arc<Mutex<Option<JoinHandle<()>>>>);

impl PackWriter {
    /// Runs `write` after the writes started before it.
    pub fn spawn(&self, write: impl FnOnce() + Send + 'static) {
        let mut last = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let previous = last.take();
        let thread = std::thread::Builder::new().name("fact cache writer".to_string()).spawn(move || {
            if let Some(previous) = previous {
                let _ = previous.join();
            }
            match rayon::ThreadPoolBuilder::new().num_threads(1).start_handler(|_| yield_to_requests()).build() {
                Ok(pool) => pool.install(write),
                Err(_) => write(),
            }
        });
        match thread {
            Ok(handle) => *last = Some(handle),
            Err(e) => tracing::warn!("fact cache: not written (no thread for it: {e})"),
        }
    }

    /// Blocks until every write started so far has finished.
    pub fn wait(&self) {
        let last = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        if let Some(handle) = last {
            let _ = handle.join();
        }
    }
}

/// Lowers the calling thread's priority to nice 10. Linux keeps a nice
/// value per thread, and `setpriority` on process 0 sets the caller's.
#[cfg(target_os = "linux")]
fn yield_to_requests() {
    // SAFETY: `setpriority` reads no memory of ours; a failure (a limit
    // set by the administrator) leaves the priority as it was.
    let failed = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) } != 0;
    if failed {
        tracing::debug!("fact cache writer: priority not lowered: {}", std::io::Error::last_os_error());
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_requests() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_run_in_order_and_wait_finishes_them() {
        let writer = PackWriter::default();
        let order = Arc::new(Mutex::new(Vec::new()));
        for n in 0..4 {
            let order = order.clone();
            writer.spawn(move || {
                // The first is the slowest: the others still wait for it.
                std::thread::sleep(std::time::Duration::from_millis(if n == 0 { 50 } else { 1 }));
                order.lock().expect("no write panicked").push(n);
            });
        }
        writer.wait();
        assert_eq!(*order.lock().expect("no write panicked"), vec![0, 1, 2, 3]);
    }

    /// The nice value of the calling thread, from Linux's `/proc`.
    #[cfg(target_os = "linux")]
    fn own_nice() -> Option<i32> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        // Fields after the command's closing parenthesis: state is field 3,
        // nice field 19.
        let after_command = &stat[stat.rfind(')')? + 1..];
        after_command.split_whitespace().nth(16)?.parse().ok()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_pack_is_encoded_at_a_lower_priority() {
        let writer = PackWriter::default();
        let seen = Arc::new(Mutex::new(None));
        let slot = seen.clone();
        writer.spawn(move || *slot.lock().expect("no write panicked") = own_nice());
        writer.wait();
        // At least 10: a test run under `nice` starts higher, and a thread
        // cannot raise its own priority.
        let nice = *seen.lock().expect("no write panicked");
        assert!(nice.is_some_and(|n| n >= 10), "the writer's nice value: {nice:?}");
    }
}
