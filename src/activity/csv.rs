//! One table of the report as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted
//! when they hold a comma, a quote or a line break), headings first. Dates are ISO at the
//! precision they were written (`2024`, `2024-03`, `2024-03-15`), counts plain numbers.

use super::Table;

/// The table as CSV text.
pub fn write(table: &Table) -> String {
    let mut out = String::new();
    line(&mut out, table.columns.iter().map(|c| c.heading.clone()));
    for row in &table.rows {
        line(&mut out, row.iter().map(super::Cell::plain));
    }
    out
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Column, TableName};
    use super::*;

    #[test]
    fn fields_with_separators_are_quoted() {
        let table = Table {
            name: TableName::Totals,
            title: "T".into(),
            columns: vec![Column {
                heading: "a".into(),
                width: 1.0,
            }],
            rows: vec![vec![Cell::Text("x, \"y\"".into())], vec![Cell::Count(3)]],
        };
        assert_eq!(write(&table), "a\r\n\"x, \"\"y\"\"\"\r\n3\r\n");
    }
}
