//! The `sandbox` binary: its one stdout line, its data-file errors and its graceful stop.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sandbox");

#[test]
fn a_bad_data_file_exits_2_naming_the_file_and_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("broken.json");
    std::fs::write(
        &file,
        r#"{"clients": [{"client_id": 5, "secret": "s"}], "items": []}"#,
    )
    .expect("write");
    let out = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--data"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "invalid data file {}: at clients[0].client_id",
            file.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let absent = dir.path().join("absent.json");
    let out = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--data"])
        .arg(&absent)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("absent.json"));
}

#[cfg(unix)]
#[test]
fn it_announces_its_address_and_stops_gracefully_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first line");
    let rest = line
        .strip_prefix("listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("{line:?}"));
    let port: u16 = rest
        .trim_end()
        .strip_suffix("/plaid-compatible")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    assert!(port != 0, "{line:?}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = child.wait().expect("wait");
    assert_eq!(exit.code(), Some(0), "graceful stop exits 0");
    let mut more = String::new();
    stdout.read_to_string(&mut more).expect("rest of stdout");
    assert_eq!(more, "", "exactly one line on stdout");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert!(stderr.contains("SIGTERM received"), "{stderr}");
}
