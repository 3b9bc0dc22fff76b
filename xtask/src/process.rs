//! Running commands from the workspace root, echoing them first, and turning
//! failures into errors that name the command.

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A command that runs in the workspace root.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// Runs `command` to completion; an error when it fails to start or exits non-zero.
pub fn run(command: &mut Command) -> Result {
    let shown = describe(command);
    println!("$ {shown}");
    let status = command.status().map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    exited(&shown, status)
}

/// Starts `command`, echoed like `run`'s, and returns a wait for it that
/// turns its exit into the same error as `run`'s.
pub fn spawn(command: &mut Command) -> Result<impl FnOnce() -> Result> {
    let shown = describe(command);
    println!("$ {shown} (in the background)");
    let mut child = command.spawn().map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    Ok(move || {
        let status = child.wait().map_err(|e| format!("`{shown}`: {e}"))?;
        exited(&shown, status)
    })
}

/// A command's exit as a result: an error naming it unless it succeeded.
fn exited(shown: &str, status: std::process::ExitStatus) -> Result {
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

/// Runs `command` and returns its standard output, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
