//! `cargo xtask run`: install what is missing, build the release site, and
//! serve it in the foreground with the demo agency and the given server
//! arguments.

use crate::process::{Result, command, run as run_command};
use crate::site;
use crate::tools::Tools;

pub fn run(server_args: Vec<String>) -> Result {
    let tools = Tools::from_env();
    tools.ensure_build_tools()?;
    site::build(&tools)?;
    run_command(command(site::server_binary()).arg("--demo").args(server_args))
}
