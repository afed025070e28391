//! `nianbao import FILE.pdf` and `nianbao audit DIR` fall back to the PDF's text in reading
//! order where its `-layout` text is refused. Which text a PDF's `-layout` reading refuses
//! changes as the reader learns (the fixture that once exercised this is now read laid out), so
//! the refusal is made certain here: `NIANBAO_PDFTOTEXT` names a wrapper of poppler's
//! `pdftotext` that, asked for `-layout`, sets table 四's header as `-layout` does in some
//! LibreOffice PDFs (a stray `结果` cell before `维持 纠正 结果 审结`, which the reader refuses),
//! and passes every other call through. The reading order is poppler's own, of the examples'
//! LibreOffice PDF (tests/fixtures/make_printed_pdf.sh).

mod common;

use nianbao_tests::{root, scratch, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PDF: &str = "tests/fixtures/pdf/printed/libreoffice/clean-2024.pdf";
const EXAMPLE: &str = "examples/clean-2024.nianbao";

/// The wrapper: the `-layout` text with table 四's header broken, anything else untouched.
fn fake_pdftotext(dir: &Path) -> PathBuf {
    let script = dir.join("pdftotext-layout-refused");
    std::fs::write(
        &script,
        "#!/bin/sh\n\
         if [ \"$1\" = \"-layout\" ]; then\n\
         \x20 pdftotext \"$@\" | sed 's/^维持 纠正 结果 审结/结果 维持 纠正 结果 审结/'\n\
         else\n\
         \x20 exec pdftotext \"$@\"\n\
         fi\n",
    )
    .expect("write the wrapper");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("make it executable");
    }
    script
}

fn nianbao_with(program: &Path, args: &[&str]) -> Output {
    Command::new(nianbao_tests::nianbao())
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("NIANBAO_PDFTOTEXT", program)
        .output()
        .expect("nianbao runs")
}

fn values(text: &str) -> BTreeMap<String, String> {
    common::cells(text)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

#[test]
fn a_pdf_whose_layout_text_is_refused_imports_in_reading_order_and_says_why() {
    let dir = scratch("pdf-fallback-import");
    let program = fake_pdftotext(&dir);
    let out = dir.join("clean.nianbao");
    let _ = std::fs::remove_file(&out);
    let pdf = root().join(PDF);
    let imported = nianbao_with(
        &program,
        &[
            "import",
            "--lang",
            "en",
            pdf.to_str().expect("path"),
            "-o",
            out.to_str().expect("path"),
        ],
    );
    let notes = stderr(&imported);
    assert_eq!(imported.status.code(), Some(0), "{notes}");
    // The -layout text was refused, for the header the wrapper broke, and the notes say so.
    assert!(
        notes.contains("was refused")
            && notes.contains("“结果”")
            && notes.contains("reading order"),
        "{notes}"
    );
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.contains("read the text in reading order instead"),
        "the markup's own notes keep how the text was taken: {text}"
    );
    let example = std::fs::read_to_string(root().join(EXAMPLE)).expect("example");
    assert_eq!(values(&text), values(&example));
}

#[test]
fn audit_says_which_pdf_was_read_in_reading_order() {
    let dir = scratch("pdf-fallback-audit");
    let program = fake_pdftotext(&dir);
    let folder = dir.join("reports");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(root().join(PDF), folder.join("office.pdf")).expect("copy");
    let folder = folder.to_str().expect("path");
    let source = |program: &Path| {
        let audited = nianbao_with(program, &["audit", "--format", "json", folder]);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&audited))
            .unwrap_or_else(|e| panic!("{e}: {}", stderr(&audited)));
        let report = &doc["reports"][0];
        assert_eq!(report["status"], "clean", "{doc}");
        report["source"].clone()
    };
    assert_eq!(source(&program), "pdf (reading order)");
    // Read by poppler itself, its -layout text imports: no reading order to speak of.
    assert_eq!(source(Path::new("pdftotext")), "pdf");
    // The table says it too, in its source column.
    let table = nianbao_with(&program, &["audit", "--lang", "en", folder]);
    let listing = stdout(&table);
    let line = listing
        .lines()
        .find(|l| l.contains("office.pdf"))
        .unwrap_or_else(|| panic!("{listing}"));
    assert!(line.contains("pdf (reading order)"), "{listing}");
}
