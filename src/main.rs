//! The `corroborate` command.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use corroborate::cli::{self, EXIT_TROUBLE};

mod allocator;

#[derive(Parser)]
#[command(name = "corroborate", version, about = "Facts, sources and conflicts in research notes: a language server and a checker.")]
struct Args {
    #[command(subcommand)]
    command: Command,
    /// Neither read nor write the fact cache.
    #[arg(long, global = true)]
    no_cache: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Report conflicts and unsupported claims, rustc style or as JSON.
    /// Exits 1 when an error is found.
    Check {
        /// Folders or files to read (default: the current folder).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Folder holding corroborate.toml (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List every document, entity, partnership and figure.
    Facts {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Show what the sources say about an entity: the hover card, in text.
    Show {
        /// A company, product, person or outlet ("Apple", "Gemini").
        name: String,
        paths: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a deterministic synthetic corpus (sources, notes, corpus.json)
    /// for benchmarks.
    GenCorpus {
        /// Number of documents (sources and notes).
        documents: usize,
        /// Folder to write into.
        dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Load a workspace and print how long each step took, as JSON on
    /// stderr (for benchmarks).
    #[command(hide = true)]
    Index {
        paths: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print every entity name and alias of the registry, one a line.
    #[command(hide = true)]
    Aliases {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Run the language server, speaking LSP on stdin and stdout.
    Lsp {
        /// Accepted for editors that pass it: stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let args = Args::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(message) => {
            eprintln!("corroborate: {message}");
            ExitCode::from(EXIT_TROUBLE as u8)
        }
    }
}

fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

fn run(args: Args) -> Result<i32, String> {
    let options = corroborate::workspace::LoadOptions { cache: !args.no_cache };
    match args.command {
        Command::Check { paths, format, root } => {
            let ws = cli::load_workspace_with(&root, &paths, options)?;
            match format {
                Format::Json => print(&to_json(&cli::check::report(&ws))?)?,
                Format::Text => print(&cli::check::render_text(&ws, std::io::stdout().is_terminal()))?,
            }
            let status = cli::check::exit_status(&ws);
            // Freeing 100,000 documents' facts one by one takes longer than
            // the process exit does.
            std::mem::forget(ws);
            Ok(status)
        }
        Command::Facts { paths, format, root } => {
            let ws = cli::load_workspace_with(&root, &paths, options)?;
            match format {
                Format::Json => print(&to_json(&cli::facts::report(&ws))?)?,
                Format::Text => print(&cli::facts::render_text(&ws))?,
            }
            Ok(0)
        }
        Command::GenCorpus { documents, dir, seed } => {
            let manifest =
                corroborate::generate::write(&corroborate::generate::CorpusSpec::new(documents, seed), &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            eprintln!(
                "wrote {} sources and {} notes ({} MB, {} planted contradictions) to {}",
                manifest.sources,
                manifest.notes,
                manifest.bytes / 1_000_000,
                manifest.planted_contradictions,
                dir.display()
            );
            Ok(0)
        }
        Command::Index { paths, root } => {
            let start = std::time::Instant::now();
            // The load ends with a full analysis (timed as "analyze").
            let ws = cli::load_workspace_with(&root, &paths, options)?;
            let loaded = start.elapsed();
            let (rss_loaded, peak_loaded) = memory_kb();
            let s = &ws.load_stats;
            let timings: Vec<String> = s.timings.iter().map(|(step, secs)| format!("\"{step}\": {secs:.3}")).collect();
            eprintln!(
                "{{\"timings\": {{{}}}, \"documents\": {}, \"reused\": {}, \"rehashed\": {}, \"extracted\": {}, \"bytes_read\": {}, \"diagnostics\": {}, \"load_s\": {:.3}, \"cache_written\": {}, \"cache_miss\": {:?}, \"cache_file\": {:?}, \"rss_after_load_mb\": {}, \"peak_rss_during_load_mb\": {}}}",
                timings.join(", "),
                s.documents,
                s.reused,
                s.rehashed,
                s.extracted,
                s.bytes_read,
                ws.analysis().all().count(),
                loaded.as_secs_f64(),
                s.cache_written,
                s.cache_miss.clone().unwrap_or_default(),
                s.cache_file.as_ref().map(|f| f.display().to_string()).unwrap_or_default(),
                rss_loaded / 1024,
                peak_loaded / 1024,
            );
            std::mem::forget(ws);
            Ok(0)
        }
        Command::Aliases { root } => {
            let config = corroborate::knowledge::Config::load(&root).map_err(|e| e.to_string())?;
            let knowledge = corroborate::knowledge::Knowledge::with_config(&config).map_err(|e| e.to_string())?;
            let mut names: Vec<&str> =
                knowledge.registry.entities().iter().flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))).collect();
            names.sort_unstable();
            names.dedup();
            print(&(names.join("\n") + "\n"))?;
            Ok(0)
        }
        Command::Lsp { stdio: _ } => corroborate::lsp::run_stdio().map_err(|e| e.to_string()),
        Command::Show { name, paths, root } => {
            let ws = cli::load_workspace_with(&root, &paths, options)?;
            print(&cli::show::render(&ws, &name)?)?;
            Ok(0)
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// The process's resident and peak resident memory in KB (Linux; 0 where
/// /proc is missing), for the `index` timings.
fn memory_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0);
    (field("VmRSS:"), field("VmHWM:"))
}
