//! The report as an Excel workbook: one sheet per table, with typed cells (dates as Excel
//! dates shown at the precision they were written, counts as numbers), the header row frozen
//! and filtered, and columns wide enough to read.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Cell, Report};

/// A4 in Excel's paper-size numbering.
const A4: u8 = 9;

/// The workbook's bytes.
pub fn write(report: &Report) -> Result<Vec<u8>, String> {
    workbook(report).map_err(|e| format!("cannot make the spreadsheet: {e}"))
}

fn workbook(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The creation time is the period's last day, not the clock's: the same site and period
    // give the same bytes.
    let (y, m, d) = report.period.last;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{}: {}", report.title, report.period.label))
            .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?),
    );
    let header = Format::new().set_bold();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let month = Format::new().set_num_format("yyyy-mm");
    let year = Format::new().set_num_format("yyyy");
    for table in &report.tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title))?;
        sheet.set_paper_size(A4).set_landscape();
        sheet.set_repeat_rows(0, 0)?;
        for (c, column) in table.columns.iter().enumerate() {
            let c = col(c);
            sheet.write_string_with_format(0, c, &column.heading, &header)?;
            sheet.set_column_width(c, column.width)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, cell) in row.iter().enumerate() {
                let c = col(c);
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Count(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Date(date) => {
                        let (y, m, d) = date.first_day();
                        let format = match date.iso().len() {
                            4 => &year,
                            7 => &month,
                            _ => &day,
                        };
                        sheet.write_datetime_with_format(
                            r,
                            c,
                            &ExcelDateTime::from_ymd(y, m, d)?,
                            format,
                        )?;
                    }
                    Cell::Link(url) => {
                        // Excel refuses some addresses as links (too long, odd characters);
                        // the address as text is still the address.
                        if sheet.write_url(r, c, url.as_str()).is_err() {
                            sheet.write_string(r, c, url)?;
                        }
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_row =
            u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.autofilter(0, 0, last_row, col(table.columns.len().saturating_sub(1)))?;
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    // Tables have a dozen columns at most.
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
