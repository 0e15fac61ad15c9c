//! Plain-text tables for the terminal reports (drift, fidelity, documentation defects):
//! each column padded to its widest cell, columns two spaces apart, no trailing blanks.

/// The table's lines, the header first, each ending in `\n`.
pub(crate) fn aligned_lines<const N: usize>(
    header: [&str; N],
    rows: &[[String; N]],
) -> Vec<String> {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; N]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    std::iter::once(line(header))
        .chain(
            rows.iter()
                .map(|row| line(row.each_ref().map(String::as_str))),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::aligned_lines;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_and_lines_have_no_trailing_blanks() {
        let rows = [
            [
                "chatwoot/update".to_owned(),
                "403".to_owned(),
                String::new(),
            ],
            ["a".to_owned(), "200".to_owned(), "é, x".to_owned()],
        ];
        assert_eq!(
            aligned_lines(["operation", "status", "fields"], &rows).concat(),
            "operation        status  fields\n\
             chatwoot/update  403\n\
             a                200     é, x\n"
        );
    }
}
