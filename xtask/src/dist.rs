//! `cargo xtask dist`: what an agency's IT officer installs. The release
//! site and the release server, laid out by `bundle` in
//! `target/dist/kinerja-<version>/` with `deploy/` (systemd unit, Caddy
//! reverse proxy for HTTPS, `OPERATIONS.md`), and packed as
//! `target/dist/kinerja-<version>.tar.gz`.

use crate::bundle;
use crate::files::copy_tree;
use crate::front;
use crate::process::{Result, command, root, run};
use crate::site;
use crate::timings::Timings;
use crate::tools::Tools;

pub fn dist() -> Result {
    let tools = Tools::from_env();
    let mut timings = Timings::default();
    let name = format!("kinerja-{}", env!("CARGO_PKG_VERSION"));
    let dist = root().join("target/dist");
    let outcome = (|| {
        timings.step("tools", || tools.ensure_build_tools())?;
        timings.step("release site", || {
            front::build(&tools).and_then(|()| site::report_sizes(&front::pkg_dir()?))
        })?;
        timings.step("release server", || {
            run(command("cargo").args([
                "build",
                "--release",
                "--locked",
                "-p",
                "kinerja-server",
                "--bin",
                "kinerja-server",
            ]))
        })?;
        timings.step("bundle", || {
            let dir = dist.join(&name);
            bundle::assemble(&root().join("target/release/kinerja-server"), &dir)?;
            copy_tree(&root().join("deploy"), &dir.join("deploy"))?;
            run(command("tar")
                .arg("-czf")
                .arg(dist.join(format!("{name}.tar.gz")))
                .arg("-C")
                .arg(&dist)
                .arg(&name))
        })
    })();
    print!("\n{}", timings.table());
    outcome?;
    println!("{}", dist.join(format!("{name}.tar.gz")).display());
    Ok(())
}
