//! The time each step of `cargo xtask run` and `cargo xtask test` took,
//! printed as a table at the end (also when a step fails), so a slow first
//! run says where its minutes went.

use crate::process::Result;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Timings {
    steps: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs one named step and keeps its time; a failure names the step.
    pub fn step(&mut self, name: &'static str, body: impl FnOnce() -> Result) -> Result {
        println!("\n== {name}");
        let start = Instant::now();
        let outcome = body();
        self.steps.push((name, start.elapsed()));
        outcome.map_err(|e| format!("{name}: {e}"))
    }

    /// The table: one line per step, then the total.
    pub fn table(&self) -> String {
        let total: Duration = self.steps.iter().map(|(_, took)| *took).sum();
        let line = |name: &str, took: Duration| format!("{name:<28} {:>7.1} s\n", took.as_secs_f64());
        let mut table = String::from("== timings\n");
        for (name, took) in &self.steps {
            table.push_str(&line(name, *took));
        }
        table.push_str(&line("total", total));
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_is_timed_and_a_failure_names_its_step() {
        let mut timings = Timings::default();
        assert_eq!(timings.step("first", || Ok(())), Ok(()));
        assert_eq!(timings.step("second", || Err("broke".into())), Err("second: broke".to_owned()));
        let table = timings.table();
        let names: Vec<&str> = table.lines().skip(1).map(|l| l.split_whitespace().next().unwrap()).collect();
        assert_eq!(names, ["first", "second", "total"]);
    }
}
