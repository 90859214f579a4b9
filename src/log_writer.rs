//! Where log lines go: standard error, written in batches by a thread of its own. A request
//! appends its line to a shared buffer, with no system call and no thread to wake; the thread
//! writes the buffer out every [`FLUSH_EVERY`], or at once when it holds [`BATCH_BYTES`]. A
//! line is thus written at most [`FLUSH_EVERY`] after it was logged, and none is dropped: when
//! the thread can't keep up and the buffer reaches [`MAX_BYTES`], the request writes it
//! itself. What is buffered is written when [`LogWriter::finish`]'s guard is dropped.
//!
//! `tracing-appender` hands each line to its thread through a channel, which wakes the thread
//! for nearly every line under load: on two cores, the wake-ups cost a request more than the
//! write they save.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

use crate::sync::lock;

/// How often the buffer is written out.
pub const FLUSH_EVERY: Duration = Duration::from_millis(50);
/// A buffer this full is written out at once.
pub const BATCH_BYTES: usize = 256 * 1024;
/// A buffer this full is written by the request that fills it.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// The buffer and the output have locks of their own, so that the thread writes a batch
/// while requests append to the next. Whoever writes takes `out` before letting go of
/// `state`: batches are written in the order they were taken from the buffer.
struct Shared<W> {
    state: Mutex<State>,
    out: Mutex<W>,
    wake: Condvar,
}

struct State {
    buffer: Vec<u8>,
    closed: bool,
}

/// The writer the log subscriber takes (a handle on the shared buffer).
pub struct LogWriter<W: Write + Send + 'static> {
    shared: Arc<Shared<W>>,
}

impl<W: Write + Send + 'static> Clone for LogWriter<W> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

/// Writes what is left and stops the writing thread when dropped.
pub struct FlushOnDrop<W: Write + Send + 'static> {
    shared: Arc<Shared<W>>,
    thread: Option<JoinHandle<()>>,
}

impl<W: Write + Send + 'static> LogWriter<W> {
    /// A writer to `out`, and the guard that writes what is left.
    pub fn finish(out: W) -> (Self, FlushOnDrop<W>) {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                buffer: Vec::with_capacity(BATCH_BYTES),
                closed: false,
            }),
            out: Mutex::new(out),
            wake: Condvar::new(),
        });
        let thread = std::thread::Builder::new()
            .name("log-writer".to_owned())
            .spawn({
                let shared = shared.clone();
                move || write_out(&shared)
            })
            .ok();
        (
            Self {
                shared: shared.clone(),
            },
            FlushOnDrop { shared, thread },
        )
    }
}

/// The writing thread: wakes every [`FLUSH_EVERY`] (or when a batch is full) and writes what
/// the buffer holds, outside the lock, so that requests keep appending meanwhile.
fn write_out<W: Write>(shared: &Shared<W>) {
    let mut spare = Vec::with_capacity(BATCH_BYTES);
    loop {
        let mut state = lock(&shared.state);
        if state.buffer.len() < BATCH_BYTES && !state.closed {
            state = shared
                .wake
                .wait_timeout(state, FLUSH_EVERY)
                .map(|(state, _)| state)
                .unwrap_or_else(|poisoned| poisoned.into_inner().0);
        }
        std::mem::swap(&mut state.buffer, &mut spare);
        let closed = state.closed;
        let mut out = lock(&shared.out);
        drop(state);
        // Nowhere to say that it failed: standard error is what failed.
        let _ = out.write_all(&spare).and_then(|()| out.flush());
        drop(out);
        spare.clear();
        if closed {
            return;
        }
    }
}

impl<W: Write + Send + 'static> Write for LogWriter<W> {
    fn write(&mut self, line: &[u8]) -> io::Result<usize> {
        let mut state = lock(&self.shared.state);
        state.buffer.extend_from_slice(line);
        let size = state.buffer.len();
        if size >= MAX_BYTES {
            // The thread fell behind: this request writes, rather than the memory growing.
            let mut out = lock(&self.shared.out);
            out.write_all(&state.buffer)?;
            state.buffer.clear();
        } else if size >= BATCH_BYTES {
            self.shared.wake.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a, W: Write + Send + 'static> MakeWriter<'a> for LogWriter<W> {
    type Writer = Self;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl<W: Write + Send + 'static> Drop for FlushOnDrop<W> {
    fn drop(&mut self) {
        lock(&self.shared.state).closed = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        // Lines logged after the thread stopped.
        let mut state = lock(&self.shared.state);
        let mut out = lock(&self.shared.out);
        let _ = out.write_all(&state.buffer).and_then(|()| out.flush());
        state.buffer.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output that keeps what was written, and counts the writes.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Write for Kept {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let mut kept = lock(&self.0);
            kept.0.extend_from_slice(bytes);
            kept.1 += 1;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_are_written_in_batches_and_all_of_them_by_the_end() {
        let kept = Kept::default();
        let (writer, guard) = LogWriter::finish(kept.clone());
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let mut writer = writer.clone();
                std::thread::spawn(move || {
                    for line in 0..1000 {
                        writer.write_all(format!("{thread} {line}\n").as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|thread| thread.join().unwrap());
        std::thread::sleep(FLUSH_EVERY * 3);
        let (bytes, writes) = lock(&kept.0).clone();
        assert_eq!(
            bytes.iter().filter(|byte| **byte == b'\n').count(),
            4000,
            "written within the interval"
        );
        assert!(writes < 100, "{writes} writes for 4,000 lines");
        let mut writer = writer;
        writer.write_all(b"last\n").unwrap();
        drop(guard);
        assert!(
            lock(&kept.0).0.ends_with(b"last\n"),
            "what is left is written at the end"
        );
    }
}
