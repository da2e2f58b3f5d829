//! The report as one printable HTML page: A4 landscape, every table with its caption, header
//! rows repeated on each printed sheet, dates shown in the report's language with their ISO
//! form in `<time datetime>`, counts right-aligned.

use std::fmt::Write as _;

use super::{Cell, Report, TableName};
use crate::escape::attr as esc;

const STYLE: &str = "\
@page { size: A4 landscape; margin: 12mm; }
body { font: 10pt/1.35 system-ui, sans-serif; color: #000; background: #fff; margin: 1.5rem; }
h1 { font-size: 15pt; margin: 0 0 .2rem; }
p.period { margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.2rem; }
caption { text-align: left; font-weight: bold; font-size: 12pt; padding: .3rem 0; }
th, td { border: 1px solid #888; padding: .15rem .3rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td a { color: inherit; word-break: break-all; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  caption { break-after: avoid; }
}
";

/// The page's HTML.
pub fn write(report: &Report) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}: {label}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"period\">{period}: {label}</p>\n",
        lang = esc(&report.lang),
        title = esc(&report.title),
        label = esc(&report.period.label),
        period = esc(&report.period_heading),
    );
    for table in &report.tables {
        let _ = write!(
            h,
            "<table id=\"{}\">\n<caption>{}</caption>\n<thead><tr>",
            table.name.as_str(),
            esc(&table.title)
        );
        for c in &table.columns {
            let _ = write!(h, "<th scope=\"col\">{}</th>", esc(&c.heading));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        if table.rows.is_empty() {
            let _ = writeln!(
                h,
                "<tr><td colspan=\"{}\">{}</td></tr>",
                table.columns.len(),
                esc(&report.none)
            );
        }
        for row in &table.rows {
            h.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                // The first cell of a totals row names what is counted.
                let head = table.name == TableName::Totals && i == 0;
                match cell {
                    Cell::Text(s) if head => {
                        let _ = write!(h, "<th scope=\"row\">{}</th>", esc(s));
                    }
                    Cell::Text(s) => {
                        let _ = write!(h, "<td>{}</td>", esc(s));
                    }
                    Cell::Count(n) => {
                        let _ = write!(h, "<td class=\"n\">{n}</td>");
                    }
                    Cell::Date(d) => {
                        let _ = write!(
                            h,
                            "<td><time datetime=\"{}\">{}</time></td>",
                            d.iso(),
                            esc(&d.display(&report.lang))
                        );
                    }
                    Cell::Link(url) => {
                        let _ = write!(h, "<td><a href=\"{0}\">{0}</a></td>", esc(url));
                    }
                    Cell::Empty => h.push_str("<td></td>"),
                }
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}
