//! `cargo xtask bench-ui`: the low-end phone benchmark of Entri Data
//! (`end2end/bench/phone.bench.ts`): builds the release site as `run` does,
//! then lets Playwright drive Debian's Chromium, CPU slowed four times, on a
//! phone's screen against a server of the benchmark's own, and prints the
//! figures. Not part of `cargo xtask test`: a benchmark measures, it does
//! not pass or fail on a noisy machine.

use crate::process::{Result, command, root, run};
use crate::site;
use crate::tools::{CHROMIUM, Tools};

pub fn bench_ui() -> Result {
    let tools = Tools::from_env();
    tools.ensure_build_tools()?;
    tools.ensure_test_tools()?;
    site::build(&tools, site::server_build())?;
    run(command("npx")
        .args(["playwright", "test", "--config", "playwright.bench.config.ts"])
        .current_dir(root().join("end2end"))
        .env("KINERJA_CHROMIUM", CHROMIUM)
        .env("KINERJA_SERVER_BIN", site::server_binary())
        .env("KINERJA_SITE_ROOT", site::serve_dir().join("site")))
}
