#![cfg(feature = "ssr")]
//! The command-line tool as a shell uses it.

use std::process::{Command, Stdio};

#[test]
fn an_export_piped_into_a_reader_that_stops_early_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_icc-initiatives"))
        .arg("export")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/cli.db", dir.path().display()),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `export | head -c 0`: the reader is gone before anything is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs the tool with `args` on the SQLite database `db` and returns its standard output; it
/// must succeed.
fn run(db: &std::path::Path, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_icc-initiatives"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {:?}: {stderr}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

/// `import` then `export` on one database, `import` of that export on a fresh one and
/// `export` again give the same file, with every version of the text: its language, who made
/// it and whether it is out of date (issue 17).
#[test]
fn the_command_lines_export_of_every_version_imports_into_a_fresh_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/text-versions.json"
    );
    let (first, second) = (dir.path().join("first.db"), dir.path().join("second.db"));
    let exported_file = dir.path().join("exported.json");
    run(&first, &["import".as_ref(), fixture.as_ref()]);
    run(&first, &["export".as_ref(), exported_file.as_os_str()]);
    let exported = std::fs::read_to_string(&exported_file).unwrap();
    let file: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let lyon = &file["initiatives"][0];
    assert_eq!(lyon["text_language"], "fr");
    assert_eq!(lyon["translations"]["uk"]["source"], "moderator");
    assert_eq!(lyon["translations"]["uk"]["outdated"], true);
    assert_eq!(lyon["translations"]["en"]["source"], "submitter");
    run(&second, &["import".as_ref(), exported_file.as_os_str()]);
    let again = run(&second, &["export".as_ref()]);
    assert_eq!(again.trim_end(), exported.trim_end());
}
