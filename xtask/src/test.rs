//! `cargo xtask test`: every check, in order, stopping at the first failure:
//! formatting, clippy (native and wasm32), unit and integration tests, the
//! release site with its wasm size, then the browser tests in `end2end/`
//! against a real server (`site::build_for_tests`). Each step's time is printed at the end.

use crate::process::{Result, command, root, run};
use crate::server::TestServer;
use crate::site;
use crate::tools::{CHROMIUM, Tools};
use std::time::{Duration, Instant};

pub fn test() -> Result {
    let tools = Tools::from_env();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let mut step = |name: &'static str, body: &mut dyn FnMut() -> Result| -> Result {
        println!("\n== {name}");
        let start = Instant::now();
        let outcome = body();
        timings.push((name, start.elapsed()));
        outcome.map_err(|e| format!("{name}: {e}"))
    };
    let outcome = (|| {
        step("tools", &mut || tools.ensure_build_tools().and_then(|()| tools.ensure_browser_tools()))?;
        step("fmt", &mut || run(command("cargo").args(["fmt", "--all", "--", "--check"])))?;
        step("clippy (native)", &mut || {
            run(command("cargo").args(["clippy", "--all-targets", "--", "-D", "warnings"]))
        })?;
        step("clippy (wasm32)", &mut || {
            run(command("cargo").args([
                "clippy",
                "-p",
                "kinerja-frontend",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ]))
        })?;
        step("unit and integration tests", &mut || run(command("cargo").arg("test")))?;
        step("release site and test server", &mut || site::build_for_tests(&tools))?;
        step("browser tests", &mut end2end)
    })();
    println!("\n== timings");
    for (name, took) in &timings {
        println!("{name:<28} {:>7.1} s", took.as_secs_f64());
    }
    outcome
}

/// Runs Playwright against a fresh server and prints a closing line.
fn end2end() -> Result {
    let server = TestServer::start()?;
    let dir = root().join("end2end");
    let results = dir.join("results.json");
    let _ = std::fs::remove_file(&results);
    let outcome = run(command("npx")
        .args(["playwright", "test"])
        .current_dir(&dir)
        .env("KINERJA_BASE_URL", server.base_url())
        .env("KINERJA_CHROMIUM", CHROMIUM)
        .env("KINERJA_SERVER_BIN", site::test_server_binary())
        .env("KINERJA_SITE_ROOT", root().join("target/site"))
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &results));
    let stopped = server.stop();
    print_summary(&results);
    outcome.and(stopped)
}

fn print_summary(results: &std::path::Path) {
    let stats = std::fs::read_to_string(results)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .map(|report| report["stats"].clone());
    let Some(stats) = stats else {
        println!("end2end: no results file");
        return;
    };
    let count = |key: &str| stats[key].as_u64().unwrap_or(0);
    let passed = count("expected") + count("flaky");
    println!("end2end: {passed} passed, {} failed, {} skipped", count("unexpected"), count("skipped"));
}
