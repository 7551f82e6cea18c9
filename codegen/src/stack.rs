//! Running the pipeline on a stack of known size.
//!
//! Loading and lowering recurse once per level of nesting in the spec (serde's derived
//! deserializers in `openapiv3` take tens of kilobytes of stack per schema level in a debug
//! build). The YAML reader caps nesting at 128 levels, which needs a few megabytes: more than
//! the 2 MiB a spawned thread (or a test) gets by default, so a deeply nested spec would abort
//! the caller's process with a stack overflow. The pipeline therefore runs on a thread of its
//! own with [`PIPELINE_STACK`] bytes of stack (address space, not memory, until used).

use std::panic;
use std::sync::Mutex;
use std::thread;

/// The stack size of the thread the pipeline runs on, and of the threads it emits on.
pub(crate) const PIPELINE_STACK: usize = 64 << 20;

/// Runs `f` on a thread with a [`PIPELINE_STACK`]-byte stack and returns what it returns; runs
/// it on the calling thread if no thread can be started. A panic in `f` is resumed here.
pub(crate) fn on_pipeline_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    // Kept here, not moved into the thread, so that it can still run here if no thread starts.
    let task = Mutex::new(Some(f));
    let take = || task.lock().ok().and_then(|mut t| t.take());
    let ran = thread::scope(|scope| {
        let spawned = thread::Builder::new()
            .name("codegen".to_owned())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, || take().map(|f| f()));
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|payload| panic::resume_unwind(payload)),
            Err(_) => None,
        }
    });
    match ran {
        Some(out) => out,
        None => match take() {
            Some(f) => f(),
            // The thread took the task and did not return: it panicked, which was resumed.
            None => unreachable!("the pipeline thread ran the task"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_on_a_large_stack_and_returns_the_result() {
        // Deeper than a 2 MiB stack allows: 8 MiB of locals in 64 KiB frames.
        fn deep(n: usize) -> usize {
            let frame = std::hint::black_box([0u8; 64 << 10]);
            if n == 0 {
                usize::from(frame[0])
            } else {
                deep(n - 1) + 1
            }
        }
        let out = thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| on_pipeline_stack(|| deep(128)))
            .expect("test thread")
            .join()
            .expect("no overflow");
        assert_eq!(out, 128);
    }

    #[test]
    fn resumes_a_panic() {
        let caught = panic::catch_unwind(|| on_pipeline_stack(|| -> u8 { panic!("boom") }));
        assert!(caught.is_err());
    }
}
