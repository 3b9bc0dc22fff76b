//! `cargo xtask run`: install what is missing, build the release site and
//! stage the server (`site::build`), and serve it in the foreground with the demo agency and the given server
//! arguments. The demo's data lives in `target/demo-data`, never in the
//! server's production default (`data`): a database seeded with the demo's
//! published password must not become an agency's real one.

use crate::process::{Result, command, root, run as run_command};
use crate::site;
use crate::timings::Timings;
use crate::tools::Tools;
use std::path::PathBuf;

/// Where the demo keeps its database unless the arguments name a directory.
pub fn demo_data_dir() -> PathBuf {
    root().join("target/demo-data")
}

/// The server's arguments: the demo, its own data directory (unless the
/// caller chose one), then the caller's.
fn demo_args(server_args: Vec<String>) -> Vec<String> {
    let mut args = vec!["--demo".to_owned()];
    let chose_dir = server_args.iter().any(|a| a == "--data-dir" || a.starts_with("--data-dir="));
    if !chose_dir {
        args.push("--data-dir".to_owned());
        args.push(demo_data_dir().to_string_lossy().into_owned());
    }
    args.extend(server_args);
    args
}

/// Installs, builds (printing the timing table), then serves in the foreground.
pub fn run(server_args: Vec<String>) -> Result {
    let tools = Tools::from_env();
    let mut timings = Timings::default();
    let built = timings
        .step("tools", || tools.ensure_build_tools())
        .and_then(|()| timings.step("release site and server", || site::build(&tools, site::server_build())));
    print!("\n{}", timings.table());
    built?;
    run_command(command(site::server_binary()).args(demo_args(server_args)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_keeps_its_data_apart_unless_told_otherwise() {
        let own = demo_args(vec![]);
        assert_eq!(own[..2], ["--demo".to_owned(), "--data-dir".to_owned()]);
        assert!(own[2].ends_with("target/demo-data"));
        let chosen = demo_args(vec!["--data-dir".into(), "/tmp/b".into()]);
        assert_eq!(chosen, ["--demo", "--data-dir", "/tmp/b"]);
        assert_eq!(demo_args(vec!["--data-dir=/tmp/c".into()]), ["--demo", "--data-dir=/tmp/c"]);
    }
}
