//! Writes the fact cache's pack after indexing, on a thread of its own, so
//! the server says "ready" without waiting for it (at 100k documents the
//! write takes longer than the analysis). It encodes on that one thread
//! (a one-thread pool for the pack's parallel steps), leaving the other
//! cores to the requests that follow "ready". Each write waits for the one
//! before it, so an older pack never replaces a newer one, and the server
//! waits for the last before it exits, so the next start finds the pack.

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
            match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
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
}
