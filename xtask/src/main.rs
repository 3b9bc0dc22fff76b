//! `cargo xtask run` and `cargo xtask test`: the project's two commands,
//! `cargo xtask dist`, the release bundle, and `cargo xtask bench-ui`, the
//! phone benchmark. Each first installs whatever
//! the machine lacks (see `tools`), so a fresh clone needs nothing else.

mod bench_ui;
mod bundle;
mod cycles;
mod dist;
mod files;
mod front;
mod postgres;
mod process;
mod purity;
mod run;
mod server;
mod site;
mod test;
mod timings;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask run [-- SERVER-ARGS…]   build the release site and serve it (default 127.0.0.1:3000)
  cargo xtask test                    every check: fmt, clippy, unit, integration, browser end-to-end
  cargo xtask dist                    the release bundle an agency installs: target/dist/kinerja-<version>.tar.gz
  cargo xtask bench-ui                the phone benchmark of Entri Data (CPU ×4, 390×844): prints its figures

environment:
  KINERJA_TOOLS_DIR   where tools are installed (default ~/.cache/kinerja/tools)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => run::run(server_args(&args[1..])),
        Some("test") => test::test(),
        Some("dist") => dist::dist(),
        Some("bench-ui") => bench_ui::bench_ui(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The arguments after `--`, or all of them when there is no `--`.
fn server_args(args: &[String]) -> Vec<String> {
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => args.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::server_args;

    #[test]
    fn arguments_after_the_separator_go_to_the_server() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            server_args(&args(&["--", "--addr", "127.0.0.1:4000"])),
            args(&["--addr", "127.0.0.1:4000"])
        );
        assert_eq!(server_args(&args(&["--data-dir", "/tmp/x"])), args(&["--data-dir", "/tmp/x"]));
        assert!(server_args(&[]).is_empty());
    }
}
