//! `cargo xtask test`: every check, in order, stopping at the first failure:
//! formatting, import cycles between files (`cycles`), the core crate's
//! dependencies (`purity`), clippy (native and wasm32), unit and integration tests, the
//! release site with its wasm size, then the browser tests in `end2end/`
//! against a real server (`site::build`). The unit and integration tests
//! get a throwaway PostgreSQL server (`postgres`) for the tests of
//! PostgreSQL itself; then the server's whole integration suite runs again
//! with its servers on PostgreSQL (`KINERJA_TEST_BACKEND=postgres`). Each step's time is printed at the end (`timings`).

use crate::cycles;
use crate::postgres::{self, Throwaway};
use crate::process::{Result, command, root, run};
use crate::purity;
use crate::server::TestServer;
use crate::site;
use crate::timings::Timings;
use crate::tools::{CHROMIUM, Tools};
use std::process::Command;

/// The checks compile each crate once, from a clean tree on CI: cargo's
/// incremental caches would only fill the disk. Measured on a fresh clone,
/// they were 5.0 GB of the 13 GB the run wrote, and CI's disk ran out.
const ONE_BUILD: [(&str, &str); 1] = [("CARGO_INCREMENTAL", "0")];

/// `cargo`, building without incremental caches (`ONE_BUILD`).
fn cargo() -> Command {
    let mut cargo = command("cargo");
    cargo.envs(ONE_BUILD);
    cargo
}

/// The server's integration suite, resolved with the whole workspace's
/// features as `cargo test --workspace` is: its run on PostgreSQL and the
/// served binary then reuse that step's build. With the server's features
/// alone (its dev-dependencies change hyper's, hence the app's), each was
/// another copy of the app and server, ~1.4 GB, and CI's disk ran out.
fn integration_suite() -> Command {
    let mut cargo = cargo();
    cargo.args(["test", "--workspace", "--test", "integration"]);
    cargo
}

pub fn test() -> Result {
    let tools = Tools::from_env();
    let mut timings = Timings::default();
    let outcome = (|| {
        timings.step("tools", || tools.ensure_build_tools().and_then(|()| tools.ensure_test_tools()))?;
        timings.step("fmt", || run(cargo().args(["fmt", "--all", "--", "--check"])))?;
        timings.step("import cycles", || cycles::check(&root()))?;
        timings.step("core purity", purity::check)?;
        timings.step("clippy (native)", || {
            run(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
        })?;
        timings.step("clippy (wasm32)", || {
            run(cargo().args([
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
        timings.step("unit and integration tests", || {
            let postgres = Throwaway::start()?;
            run(cargo().args(["test", "--workspace"]).env(postgres::URL_VARIABLE, postgres.url()))
        })?;
        timings.step("server integration tests on PostgreSQL", || {
            let postgres = Throwaway::start()?;
            run(integration_suite()
                .env(postgres::URL_VARIABLE, postgres.url())
                .env(postgres::BACKEND_VARIABLE, "postgres"))
        })?;
        timings.step("release site and server", || {
            let mut server = integration_suite();
            server.arg("--no-run");
            site::build(&tools, server)
        })?;
        timings.step("browser tests", end2end)
    })();
    print!("\n{}", timings.table());
    outcome
}

/// Runs Playwright against a fresh server and prints what failed and a closing line.
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
        .env("KINERJA_SERVER_BIN", site::server_binary())
        .env("KINERJA_SITE_ROOT", site::serve_dir().join("site"))
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &results));
    let stopped = server.stop();
    print_summary(&results);
    outcome.and(stopped)
}

/// Prints the counts, then each failed test with the start of its errors:
/// the last lines of the run's output, which is what a CI log shows first.
fn print_summary(results: &std::path::Path) {
    let report = std::fs::read_to_string(results)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    let Some(report) = report else {
        println!("end2end: no results file");
        return;
    };
    let mut failed = Vec::new();
    failures(&report, &mut failed);
    for failure in &failed {
        println!("\nend2end failed: {failure}");
    }
    let count = |key: &str| report["stats"][key].as_u64().unwrap_or(0);
    let passed = count("expected") + count("flaky");
    println!("end2end: {passed} passed, {} failed, {} skipped", count("unexpected"), count("skipped"));
}

/// Lines of a failed test's error message printed in the summary.
const ERROR_LINES: usize = 12;

/// Every failed test under `suite` (Playwright's JSON report), as its file,
/// line and title, then the first `ERROR_LINES` of each error.
fn failures(suite: &serde_json::Value, out: &mut Vec<String>) {
    for child in suite["suites"].as_array().into_iter().flatten() {
        failures(child, out);
    }
    for spec in suite["specs"].as_array().into_iter().flatten() {
        let failed = spec["tests"].as_array().into_iter().flatten().filter(|t| t["status"] == "unexpected");
        for test in failed {
            let mut text = format!(
                "{}:{} › {}",
                spec["file"].as_str().unwrap_or("?"),
                spec["line"],
                spec["title"].as_str().unwrap_or("?")
            );
            let errors = test["results"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|r| r["errors"].as_array())
                .flatten();
            for error in errors {
                let message = without_colours(error["message"].as_str().unwrap_or(""));
                for line in message.lines().take(ERROR_LINES) {
                    text.push_str("\n    ");
                    text.push_str(line);
                }
            }
            out.push(text);
        }
    }
}

/// `text` without its terminal colour codes (`ESC [ … m`).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_test_is_named_with_the_start_of_its_error_without_colours() {
        let report = serde_json::json!({"suites": [{"specs": [], "suites": [{"specs": [
            {"file": "restore.spec.ts", "line": 43, "title": "comes back",
             "tests": [{"status": "unexpected", "results": [{"errors": [
                {"message": "\u{1b}[31mError:\u{1b}[39m expected 22\nreceived 7"}]}]}]},
            {"file": "shell.spec.ts", "line": 9, "title": "passes",
             "tests": [{"status": "expected", "results": [{"errors": []}]}]}
        ]}]}]});
        let mut failed = Vec::new();
        failures(&report, &mut failed);
        assert_eq!(failed, ["restore.spec.ts:43 › comes back\n    Error: expected 22\n    received 7"]);
    }
}
