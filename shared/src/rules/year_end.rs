//! Closing a year (年终销号).

use std::collections::HashSet;

use super::{text, Refusal};
use crate::error::FieldError;
use crate::year_end::{CloseInput, FinalResult};

/// A published, open plan closes with one result for each of its items; an item that is not
/// 完成 says why.
pub fn close(published: bool, closed: bool, item_ids: &[i32], input: &CloseInput) -> Result<(), Refusal> {
    if closed {
        return Err(Refusal::conflict("该年度计划已年终销号"));
    }
    if !published {
        return Err(Refusal::conflict("草稿计划不能年终销号，请先发布"));
    }
    let mut fields = Vec::new();
    let known: HashSet<i32> = item_ids.iter().copied().collect();
    let mut seen = HashSet::new();
    for (i, r) in input.results.iter().enumerate() {
        let at = |f: &str| format!("results[{i}].{f}");
        if !known.contains(&r.item_id) {
            fields.push(FieldError {
                field: at("item_id"),
                message: "不是本年度计划的事项".into(),
            });
        } else if !seen.insert(r.item_id) {
            fields.push(FieldError {
                field: at("item_id"),
                message: "事项重复".into(),
            });
        }
        let needs_reason = r.result != FinalResult::Done;
        if let Err(Refusal::Invalid(mut f)) = text(&at("note"), &r.note, needs_reason) {
            if needs_reason && r.note.trim().is_empty() {
                f[0].message = format!("“{}”须说明原因", r.result.label_zh());
            }
            fields.append(&mut f);
        }
    }
    let missing = known.difference(&seen).count();
    if missing > 0 && fields.is_empty() {
        fields.push(FieldError {
            field: "results".into(),
            message: format!("还有{missing}项未给出年终结果"),
        });
    }
    Refusal::check(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::year_end::ItemResultInput;

    fn input(results: &[(i32, FinalResult, &str)]) -> CloseInput {
        CloseInput {
            results: results
                .iter()
                .map(|(id, r, n)| ItemResultInput {
                    item_id: *id,
                    result: *r,
                    note: n.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn every_item_once_and_reasons_for_what_is_not_done() {
        use FinalResult::*;
        assert!(close(
            true,
            false,
            &[1, 2],
            &input(&[(1, Done, ""), (2, NotDone, "资金未到位")])
        )
        .is_ok());
        let Err(Refusal::Invalid(f)) = close(true, false, &[1, 2], &input(&[(1, Done, ""), (2, MostlyDone, " ")]))
        else {
            panic!()
        };
        assert_eq!(f[0].message, "“基本完成”须说明原因");
        let Err(Refusal::Invalid(f)) = close(true, false, &[1, 2], &input(&[(1, Done, "")])) else {
            panic!()
        };
        assert_eq!(f[0].message, "还有1项未给出年终结果");
        assert!(matches!(
            close(true, false, &[1], &input(&[(1, Done, ""), (1, Done, "")])),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            close(true, false, &[1], &input(&[(9, Done, "")])),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            close(false, false, &[1], &input(&[(1, Done, "")])),
            Err(Refusal::Conflict(_))
        ));
        assert!(matches!(
            close(true, true, &[1], &input(&[(1, Done, "")])),
            Err(Refusal::Conflict(_))
        ));
    }
}
