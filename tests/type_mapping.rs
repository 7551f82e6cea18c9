//! The type-mapping table of DESIGN.md §2, row by row: every spec in `tests/fixtures/types/`
//! (one per row, each saying in its first comment which row it covers) generates without
//! errors, each generated file matches its insta snapshot, and every generated crate builds
//! with its client and server and passes clippy without a warning.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::{DateTimeCrate, DependencyStyle, EnumStyle, Generated, Options, Outputs, Settings};

/// Fixtures whose crate is left out of the compile check, each with the generator bug that
/// keeps it out. Empty when every row compiles; an entry here is a bug to fix, not a decision.
const NOT_COMPILED: &[(&str, &str)] = &[];

/// Every fixture, sorted by name: `(name, path relative to the workspace root)`.
fn fixtures() -> Vec<(String, String)> {
    let dir = api_tests::root().join("tests/fixtures/types");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p
                .file_stem()
                .expect("file stem")
                .to_string_lossy()
                .into_owned();
            let source = format!("tests/fixtures/types/{name}.yaml");
            (name, source)
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures in {}", dir.display());
    found
}

/// The package name of a fixture's crate: `one_of_untagged` is `type-mapping-one-of-untagged`.
fn crate_name(fixture: &str) -> String {
    format!("type-mapping-{}", fixture.replace('_', "-"))
}

/// Generates a fixture's crate as a standalone crate (its own dependency versions), as
/// `cargo xtask codegen --out` writes it for a user.
fn generate(fixture: &str, source: &str) -> Generated {
    generate_with(fixture, source, Settings::default())
}

fn generate_with(fixture: &str, source: &str, settings: Settings) -> Generated {
    let text = std::fs::read_to_string(api_tests::root().join(source))
        .unwrap_or_else(|e| panic!("read {source}: {e}"));
    let options = Options {
        dependencies: DependencyStyle::Standalone,
        settings,
        ..Options::new(crate_name(fixture), source)
    };
    codegen::generate(&text, &options).unwrap_or_else(|d| panic!("{}", d.render(source)))
}

/// Fixtures compiled a second time with other generator settings: `(fixture, member name,
/// settings)`.
const SETTINGS_VARIANTS: &[(&str, &str, Settings)] = &[
    (
        "date_time",
        "date_time_with_time_crate",
        Settings {
            enums: EnumStyle::Open,
            date_time: DateTimeCrate::Time,
            outputs: Outputs {
                client: true,
                server: true,
            },
        },
    ),
    (
        "string_enum",
        "string_enum_closed",
        Settings {
            enums: EnumStyle::Closed,
            date_time: DateTimeCrate::Chrono,
            outputs: Outputs {
                client: true,
                server: true,
            },
        },
    ),
    (
        "defaults",
        "defaults_closed_types_only",
        Settings {
            enums: EnumStyle::Closed,
            date_time: DateTimeCrate::Chrono,
            outputs: Outputs {
                client: false,
                server: false,
            },
        },
    ),
];

#[test]
fn every_row_generates_and_matches_its_snapshots() {
    for (fixture, source) in fixtures() {
        let generated = generate(&fixture, &source);
        for file in &generated.files {
            let name = format!("{fixture}__{}", file.path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, file.contents);
        }
        // Renames and ignored keywords are part of what a row generates.
        let warnings = generated.warnings.render(&source);
        insta::assert_snapshot!(format!("{fixture}__warnings"), warnings);
    }
}

/// Writes every fixture's crate into one cargo workspace under `target/type-mapping-crates/`
/// and runs clippy on all of them at once (one dependency build, one cargo invocation).
#[test]
fn every_row_compiles_without_warnings() {
    let root = api_tests::root();
    let workspace = root.join("target/type-mapping-crates");
    let fixtures = fixtures();
    for (name, _) in NOT_COMPILED {
        assert!(
            fixtures.iter().any(|(f, _)| f == name),
            "NOT_COMPILED names `{name}`, which is not a fixture"
        );
    }
    let mut members = Vec::new();
    for (fixture, source) in fixtures {
        if NOT_COMPILED.iter().any(|(name, _)| *name == fixture) {
            continue;
        }
        let generated = generate(&fixture, &source);
        write_member(&workspace.join(&fixture), &generated);
        members.push(fixture);
    }
    for (fixture, member, settings) in SETTINGS_VARIANTS {
        let source = format!("tests/fixtures/types/{fixture}.yaml");
        let generated = generate_with(member, &source, *settings);
        write_member(&workspace.join(member), &generated);
        members.push((*member).to_owned());
    }
    remove_stale_members(&workspace, &members);
    let mut manifest = String::from(
        "# Written by tests/type_mapping.rs: every fixture of tests/fixtures/types as one workspace.\n[workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for member in &members {
        let _ = writeln!(manifest, "    \"{member}\",");
    }
    manifest.push_str("]\n");
    write_if_changed(&workspace.join("Cargo.toml"), &manifest);
    // The repository's lock file pins the same dependency versions the workspace builds with,
    // so no registry is consulted for versions and the shared target directory is reused.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&workspace.join("Cargo.lock"), &lock);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        // `--keep-going`: every crate that fails is named, not only the first.
        .args([
            "clippy",
            "--workspace",
            "--all-features",
            "--quiet",
            "--keep-going",
        ])
        .args(["--", "-D", "warnings"])
        .current_dir(&workspace)
        // Shared with the test that compiles the operation fixtures: dependencies build once.
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .output()
        .expect("run cargo clippy");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "clippy failed on the type-mapping crates in {} ({seconds:.1} s):\n{}{}",
        workspace.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    eprintln!(
        "clippy on {} type-mapping crates: {seconds:.1} s",
        members.len()
    );
}

/// Writes a crate's files into `dir`, each only when its content changed (so cargo's
/// fingerprints stay valid between runs).
///
/// The crate was generated standalone: its manifest has its own dependency versions and an
/// empty `[workspace]` table that makes it a workspace of its own. The table is stripped so the
/// crate can be a member of the combined workspace; the versions stay, so the combined
/// workspace needs no `[workspace.dependencies]` of its own.
fn write_member(dir: &Path, generated: &Generated) {
    for file in &generated.files {
        let contents = if file.path == "Cargo.toml" {
            strip_workspace_table(&file.contents)
        } else {
            file.contents.clone()
        };
        write_if_changed(&dir.join(&file.path), &contents);
    }
}

fn strip_workspace_table(manifest: &str) -> String {
    let stripped = manifest.replacen("\n[workspace]\n", "\n", 1);
    assert_ne!(
        stripped, manifest,
        "a standalone manifest has a `[workspace]` table:\n{manifest}"
    );
    stripped
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Removes crates of fixtures that no longer exist (or are left out), so a stale member cannot
/// hide in the directory.
fn remove_stale_members(workspace: &Path, members: &[String]) {
    let Ok(entries) = std::fs::read_dir(workspace) else {
        return;
    };
    let stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !members.iter().any(|m| e.file_name() == m.as_str()))
        .map(|e| e.path())
        .collect();
    for dir in stale {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("remove {}: {e}", dir.display()));
    }
}
