//! An uploaded notice (.docx) as a [`NoticeDocument`]: its paragraphs and table rows, read from
//! `word/document.xml`. Only that part is opened, and it is read to a limit: a zip bomb stops
//! at [`XML_LIMIT`] instead of filling the memory.

use std::io::Read;

use duban_shared::notice::{Block, NoticeDocument};
use quick_xml::events::Event;
use quick_xml::Reader;

/// The largest `document.xml` read (a 25-item notice is about 200 kB).
pub const XML_LIMIT: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DocxError {
    #[error("不是有效的 .docx 文件（{0}）")]
    NotDocx(String),
    #[error("文件解压后过大，已拒绝")]
    TooLarge,
}

pub fn read_docx(bytes: &[u8]) -> Result<NoticeDocument, DocxError> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::NotDocx(e.to_string()))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxError::NotDocx("缺少 word/document.xml".into()))?;
    let mut xml = Vec::new();
    part.take(XML_LIMIT + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxError::NotDocx(e.to_string()))?;
    if xml.len() as u64 > XML_LIMIT {
        return Err(DocxError::TooLarge);
    }
    let xml = String::from_utf8(xml).map_err(|_| DocxError::NotDocx("document.xml 不是 UTF-8".into()))?;
    document(&xml)
}

/// Walks the body: a paragraph outside tables is a text block; a row of the outermost table is
/// a row block whose cells join their paragraphs with `\n` (a merged cell's span adds empty cells).
fn document(xml: &str) -> Result<NoticeDocument, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut depth = 0usize; // tables open
    let (mut paragraph, mut cell) = (String::new(), Vec::<String>::new());
    let mut cells: Vec<String> = Vec::new();
    let mut span = 1usize;
    // A vertically merged cell (`<w:vMerge/>`) holds its text only in its first row: the rows
    // below read the same, as a reader of the table sees it.
    let mut merged_down = false;
    let mut previous_row: Vec<String> = Vec::new();
    let mut in_text = false;
    let mut line = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| DocxError::NotDocx(e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "vMerge" && depth == 1 => {
                let val = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "val")
                    .map(|a| a.value.to_string());
                merged_down = val.as_deref().is_none_or(|v| v == "continue");
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "gridSpan" && depth == 1 => {
                span = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "val")
                    .and_then(|a| a.value.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => depth += 1,
                "tc" if depth == 1 => {
                    cell.clear();
                    span = 1;
                    merged_down = false;
                }
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => paragraph.push('\t'),
                "br" | "cr" => paragraph.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let c = match r.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                paragraph.extend(c);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = std::mem::take(&mut paragraph);
                    if depth == 0 {
                        line += 1;
                        if !text.trim().is_empty() {
                            blocks.push(Block::Text {
                                line,
                                text: text.trim().to_string(),
                            });
                        }
                    } else {
                        cell.push(text);
                    }
                }
                "tc" if depth == 1 => {
                    let text: Vec<&str> = cell.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
                    let text = text.join("\n");
                    match previous_row.get(cells.len()) {
                        Some(above) if merged_down && text.is_empty() => cells.push(above.clone()),
                        _ => cells.push(text),
                    }
                    cells.extend(std::iter::repeat_n(String::new(), span - 1));
                }
                "tr" if depth == 1 => {
                    line += 1;
                    previous_row = cells.clone();
                    blocks.push(Block::Row {
                        line,
                        cells: std::mem::take(&mut cells),
                    });
                }
                "tbl" => depth = depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(NoticeDocument { blocks })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_as_rows_and_paragraphs_as_text() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>某府办〔2032〕1号</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>一、分类</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3月底前：甲</w:t></w:r></w:p><w:p><w:r><w:t>6月底前：乙</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let doc = document(xml).unwrap();
        assert_eq!(doc.blocks.len(), 4);
        assert_eq!(
            doc.blocks[0],
            Block::Text {
                line: 1,
                text: "某府办〔2032〕1号".into()
            }
        );
        assert_eq!(
            doc.blocks[1],
            Block::Row {
                line: 2,
                cells: vec!["序号".into(), "A&B".into()]
            }
        );
        assert_eq!(
            doc.blocks[2],
            Block::Row {
                line: 3,
                cells: vec!["一、分类".into(), String::new()]
            }
        );
        assert_eq!(
            doc.blocks[3],
            Block::Row {
                line: 4,
                cells: vec!["1".into(), "3月底前：甲\n6月底前：乙".into()]
            }
        );
    }

    #[test]
    fn a_cell_merged_down_reads_on_every_row() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>市教育局</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let doc = document(xml).unwrap();
        assert_eq!(
            doc.blocks[1],
            Block::Row {
                line: 2,
                cells: vec!["市教育局".into(), "2".into()]
            }
        );
    }

    #[test]
    fn not_a_docx_is_said() {
        assert!(matches!(read_docx(b"hello"), Err(DocxError::NotDocx(_))));
    }
}
