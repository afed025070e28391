//! Measures PDF text extractors side by side on the examples printed to PDF
//! (`bench/pdf-text/make_pdfs.sh DIR`): for each PDF and each extractor, the printed characters
//! it gets right, the figures it finds whole, what `nianbao import` makes of its text (every
//! table cell in place, or the refusal), and its time. The decision it informs is written in
//! docs/import.md ("PDF").
//!
//!     bash bench/pdf-text/make_pdfs.sh target/pdf-text
//!     cargo run --release --manifest-path bench/pdf-text/Cargo.toml -- target/pdf-text [--dump OUT]

mod extract;
mod score;

use std::path::{Path, PathBuf};
use std::time::Instant;

/// Best of three runs: the machine is shared, the least disturbed run is the closest to cost.
const RUNS: usize = 3;

#[derive(Default)]
struct Total {
    chars: (usize, usize, usize),
    figures: (usize, usize),
    in_place: usize,
    pdfs: usize,
    ms: Vec<f64>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: pdf-text-bench DIR [--dump OUT]   (DIR from bench/pdf-text/make_pdfs.sh)"
        );
        std::process::exit(2);
    };
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let sources = match std::fs::read_to_string(dir.join("sources.tsv")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}: {e} (run bench/pdf-text/make_pdfs.sh first)",
                dir.join("sources.tsv").display()
            );
            std::process::exit(2);
        }
    };
    let extractors = extract::all();
    let mut totals: Vec<Total> = extractors.iter().map(|_| Total::default()).collect();
    // `nianbao import FILE.pdf`: the -layout text (extractor 0), else the reading order (1).
    let (mut cli_in_place, mut pdfs) = (0, 0);
    println!(
        "{:<46} {:<18} {:>8} {:>6} {:>8} {:<34} {:>8}",
        "PDF", "extractor", "chars %", "wrong", "figs %", "import (cells in place)", "ms"
    );
    for line in sources.lines() {
        let Some((pdf, example)) = line.split_once('\t') else {
            continue;
        };
        let path = dir.join(pdf);
        let (Ok(bytes), Ok(markup)) = (
            std::fs::read(&path),
            std::fs::read_to_string(root.join(example)),
        ) else {
            eprintln!("{pdf}: cannot read it or {example}");
            continue;
        };
        let printed = score::printed_text(&markup);
        let expected = score::cells(&markup);
        pdfs += 1;
        let mut in_place_here = Vec::new();
        for (extractor, total) in extractors.iter().zip(&mut totals) {
            let mut best = f64::MAX;
            let mut result = Err(String::new());
            for _ in 0..RUNS {
                let start = Instant::now();
                result = (extractor.run)(&path, &bytes);
                best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            }
            total.pdfs += 1;
            let text = match result {
                Ok(text) => text,
                Err(e) => {
                    in_place_here.push(false);
                    let e: String = e.chars().take(60).collect();
                    println!("{pdf:<46} {:<18} failed: {e}", extractor.name);
                    continue;
                }
            };
            if let Some(out) = &dump {
                let name = format!(
                    "{pdf}.{}.txt",
                    extractor.name.split(' ').next().unwrap_or("x")
                );
                let name = if extractor.name.contains("raw") {
                    name.replace(".pdftotext.", ".pdftotext-raw.")
                } else {
                    name
                };
                if let Err(e) = std::fs::create_dir_all(out)
                    .and_then(|()| std::fs::write(out.join(name), &text))
                {
                    eprintln!("{}: {e}", out.display());
                }
            }
            let chars = score::characters(&printed, &text);
            let figures = score::figures(&printed, &text);
            let (in_place, import) = score::import(&text, &expected);
            println!(
                "{pdf:<46} {:<18} {:>8.1} {:>6} {:>8.1} {:<34} {:>8.1}",
                extractor.name,
                percent(chars.0, chars.1),
                chars.2,
                percent(figures.0, figures.1),
                import,
                best
            );
            total.chars = (
                total.chars.0 + chars.0,
                total.chars.1 + chars.1,
                total.chars.2 + chars.2,
            );
            total.figures = (total.figures.0 + figures.0, total.figures.1 + figures.1);
            total.in_place += usize::from(in_place);
            total.ms.push(best);
            in_place_here.push(in_place);
        }
        cli_in_place += usize::from(in_place_here.iter().take(2).any(|b| *b));
    }
    println!(
        "\n`nianbao import FILE.pdf` (the -layout text, else the reading order): every cell in place in {cli_in_place}/{pdfs}"
    );
    println!("\nSummary over every PDF (chars and figures pooled; ms the median per PDF)\n");
    println!("| extractor | chars right % | chars wrong | figures found % | imports with every cell in place | median ms |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (extractor, total) in extractors.iter().zip(&mut totals) {
        total.ms.sort_by(f64::total_cmp);
        let median = total
            .ms
            .get(total.ms.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        println!(
            "| {} | {:.1} | {} | {:.1} | {}/{} | {:.1} |",
            extractor.name,
            percent(total.chars.0, total.chars.1),
            total.chars.2,
            percent(total.figures.0, total.figures.1),
            total.in_place,
            total.pdfs,
            median
        );
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
