//! The Neovim plugin (editors/nvim) against the real server, in a real
//! headless Neovim using its own LSP client: diagnostics, hover, go to
//! definition, :CorroborateShow and :CorroborateCheck (tests/nvim/e2e.lua).
//!
//! Needs `nvim` on PATH (Debian and Ubuntu: `apt-get install neovim`).
//! `CORROBORATE_SKIP_EDITOR_TESTS=1` skips it; `CORROBORATE_NVIM=/path/to/nvim`
//! runs another Neovim than the one on PATH.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(90);

fn nvim_program() -> String {
    std::env::var("CORROBORATE_NVIM").unwrap_or_else(|_| "nvim".to_owned())
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

fn skip_requested() -> bool {
    std::env::var("CORROBORATE_SKIP_EDITOR_TESTS").is_ok_and(|value| value == "1")
}

/// Copies a folder tree, keeping its layout.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("cannot copy {}: {e}", entry.path().display()));
        }
    }
}

/// A path as one argument of an Ex command (`set rtp+=`, `luafile`).
fn ex_escape(path: &Path) -> String {
    let mut escaped = String::new();
    for c in path.to_str().expect("the repository path is UTF-8").chars() {
        if matches!(c, ' ' | '\\' | ',' | '|' | '"') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn read_all(mut from: impl Read + Send + 'static) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

struct Outcome {
    /// None when killed at the timeout.
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
}

fn wait_or_kill(mut child: Child, timeout: Duration) -> Outcome {
    let stdout = read_all(child.stdout.take().unwrap());
    let stderr = read_all(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for nvim") {
            break Some(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    Outcome { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }
}

/// Neovim's LSP log (its path differs between versions), for failure reports.
fn lsp_logs(xdg: &Path) -> String {
    ["cache/nvim/lsp.log", "state/nvim/lsp.log"]
        .iter()
        .map(|relative| xdg.join(relative))
        .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| format!("--- {} ---\n{text}", path.display())))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn neovim_plugin_drives_the_language_server() {
    let program = nvim_program();
    if !runs(&program) {
        if skip_requested() {
            eprintln!("skipped: `{program}` is not available and CORROBORATE_SKIP_EDITOR_TESTS=1");
            return;
        }
        panic!(
            "`{program}` is not on PATH: this end-to-end test needs Neovim. \
             Install it (Debian/Ubuntu: `apt-get install neovim`), \
             or set CORROBORATE_SKIP_EDITOR_TESTS=1 to skip it."
        );
    }

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().expect("a temporary folder");
    let workspace = temp.path().join("workspace");
    copy_dir(&repo.join("seeds"), &workspace.join("seeds"));
    copy_dir(&repo.join("examples/notes"), &workspace.join("examples/notes"));
    // Keeps Neovim away from the user's config, data and logs.
    let xdg: PathBuf = temp.path().join("xdg");

    let child = Command::new(&program)
        .args(["--headless", "-u", "NONE", "-i", "NONE"])
        .arg("--cmd")
        .arg(format!("set rtp+={}", ex_escape(&repo.join("editors/nvim"))))
        .arg("-c")
        .arg(format!("luafile {}", ex_escape(&repo.join("tests/nvim/e2e.lua"))))
        .current_dir(&workspace)
        .env("CORROBORATE_BIN", env!("CARGO_BIN_EXE_corroborate"))
        .env("CORROBORATE_WORKSPACE", &workspace)
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{program}`: {e}"));
    let outcome = wait_or_kill(child, TIMEOUT);

    let report = || format!("--- nvim stdout ---\n{}\n--- nvim stderr ---\n{}\n{}", outcome.stdout, outcome.stderr, lsp_logs(&xdg));
    let Some(status) = outcome.status else {
        panic!("nvim did not finish within {} s and was killed\n{}", TIMEOUT.as_secs(), report());
    };
    assert!(status.success(), "nvim exited with {status}\n{}", report());
    assert!(outcome.stdout.contains("ok "), "nvim exited 0 without printing \"ok N checks\"\n{}", report());
    eprintln!("{}", outcome.stderr);
    println!("{}", outcome.stdout.trim());
}
