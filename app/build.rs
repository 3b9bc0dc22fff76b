//! Generates the `i18n` module from `locales/*.json` with leptos_i18n's
//! parser and code generator: Bahasa Indonesia is the default locale,
//! English the second. (leptos_i18n_build wraps the same two calls, plus an
//! ICU data exporter this project does not use.)

use leptos_i18n_parser::parse_locales::options::Config;
use leptos_i18n_parser::parse_locales::parse_locales;
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let parsed = parse_locales(None, Config::new("id")?.add_locale("en")?)?;
    for warning in parsed.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in parsed.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, true)?;
    let module = out_dir.join("i18n");
    std::fs::create_dir_all(&module)?;
    write!(std::fs::File::create(module.join("mod.rs"))?, "{code}")?;
    Ok(())
}
