//! The `storyline` command line: a thin layer over the library.

mod cli;

use clap::Parser;

/// mimalloc: the stages allocate many small strings and maps per article, where the system
/// allocator spent a fifth of a large run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `storyline eval … | head` should end quietly when the reader goes away, as other Unix
    // tools do, not panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // No transparent huge pages: the allocator hands freed memory back to the kernel after a
    // second and asks for huge pages for its arenas, so every later fault on that memory
    // zeroed 2 MiB however little of it was then used. At 100,000 articles that zeroing was a
    // tenth of all samples; without it the run takes 14.3 s instead of 15.5 s, at a slightly
    // lower peak (docs/performance.md, 2026-11-28: transparent huge pages off).
    #[cfg(target_os = "linux")]
    // SAFETY: a process-wide flag with plain integer arguments; failure leaves the default.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let args = cli::Cli::parse();
    match cli::dispatch(args) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            // Bad input is exit code 2; anything else 1.
            let code = if e.downcast_ref::<storyline::Error>().is_some_and(|x| {
                matches!(
                    x,
                    storyline::Error::BadRecord { .. }
                        | storyline::Error::BadInput { .. }
                        | storyline::Error::Io { .. }
                )
            }) {
                2
            } else {
                1
            };
            std::process::exit(code);
        }
    }
}
