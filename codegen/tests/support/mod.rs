//! What the end-to-end fixture tests share: generating a fixture spec into a standalone crate
//! under `target/`, adding its end-to-end test file, and running cargo there.
//!
//! Each test binary uses only some of these functions.
#![allow(dead_code)]

pub mod source_text;

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{Generated, Options, generate};

/// The workspace root (the parent of `codegen/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Runs cargo in `dir` with the shared fixture target directory; panics with its output on
/// failure.
pub fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .envs(envs.iter().copied())
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo {} failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fixture spec to generate into a crate with an end-to-end test.
pub struct E2eFixture<'a> {
    /// The spec, relative to the workspace root (`tests/fixtures/operations.yaml`).
    pub source: &'a str,
    /// The generated crate's package name; it is written to `target/<crate_name>/`.
    pub crate_name: &'a str,
    /// The end-to-end test's source, written as the crate's `tests/e2e.rs`.
    pub e2e: &'a str,
    /// Lines appended to the crate's `[dev-dependencies]` (tokio is always there).
    pub dev_dependencies: &'a [&'a str],
}

impl E2eFixture<'_> {
    /// Generates the spec (as `cargo xtask codegen --spec SOURCE --out target/NAME` does).
    pub fn generate(&self) -> Generated {
        let root = workspace_root();
        let text = std::fs::read_to_string(root.join(self.source)).expect("read fixture");
        generate(&text, &Options::new(self.crate_name, self.source))
            .unwrap_or_else(|d| panic!("{}", d.render(self.source)))
    }

    /// Writes `out` and the end-to-end test into `target/<crate_name>/`, then runs clippy
    /// (`-D warnings`, all targets), rustdoc (`-D warnings`) and the tests there. Takes a
    /// minute or two the first time.
    pub fn write_and_test(&self, out: &Generated) {
        let root = workspace_root();
        let dir = root.join("target").join(self.crate_name);
        for f in &out.files {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            let mut contents = f.contents.clone();
            if f.path == "Cargo.toml" {
                contents.push_str(
                    "\n[dev-dependencies]\ntokio = { version = \"1.54\", features = [\"macros\", \"rt-multi-thread\", \"net\"] }\n",
                );
                for line in self.dev_dependencies {
                    contents.push_str(line);
                    contents.push('\n');
                }
            }
            std::fs::write(&path, contents).expect("write generated file");
        }
        std::fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
        std::fs::write(dir.join("tests/e2e.rs"), self.e2e).expect("write e2e test");
        // The workspace's lock file pins the same versions the workspace builds with.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
        cargo(
            &dir,
            &[
                "clippy",
                "--offline",
                "--all-features",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
        cargo(
            &dir,
            &["doc", "--offline", "--all-features", "--no-deps"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        );
        cargo(&dir, &["test", "--offline", "--all-features"], &[]);
    }
}
