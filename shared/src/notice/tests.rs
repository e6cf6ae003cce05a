use super::*;
use crate::seed::{IndicatorSeed, PlanSeed};

const SEED_TEXT: &str = include_str!("../../../data/notices/2024-kaiping.txt");
const BUNDLED: &str = include_str!("../../../data/plans/2024-kaiping.json");

fn read(text: &str, year: Option<i32>) -> NoticeReading {
    read_notice(&NoticeDocument::from_text(text), year).expect("a plan")
}

/// Indicators compared without their names (those are proposed from the text) and in a
/// fixed order: measure, kind and every per-milestone target.
fn indicator_facts(list: &[IndicatorSeed]) -> Vec<String> {
    let mut v: Vec<String> = list
        .iter()
        .map(|i| format!("{} {:?} {:?}", i.measure, i.kind, i.targets))
        .collect();
    v.sort();
    v
}

#[test]
fn the_seed_notice_reads_as_the_bundled_plan_field_by_field() {
    let bundled: PlanSeed = serde_json::from_str(BUNDLED).unwrap();
    let read = read(SEED_TEXT, None);
    assert!(!read.is_blocked(), "{:#?}", read.problems);
    let plan = read.plan;
    assert_eq!(plan.year, bundled.year);
    assert_eq!(plan.title, bundled.title);
    assert_eq!(plan.notice_title, bundled.notice_title);
    assert_eq!(plan.doc_number, bundled.doc_number);
    assert_eq!(plan.issuer, bundled.issuer);
    assert_eq!(plan.issued_on, bundled.issued_on);
    assert_eq!(plan.first_report_due, bundled.first_report_due);
    let names = |p: &PlanSeed| p.units.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&plan), names(&bundled));
    assert_eq!(plan.categories, bundled.categories);
    assert_eq!(plan.items.len(), bundled.items.len());
    for (got, want) in plan.items.iter().zip(&bundled.items) {
        let at = format!("item {}", want.number);
        assert_eq!(got.number, want.number, "{at}");
        assert_eq!(got.category, want.category, "{at}");
        assert_eq!(got.content, want.content, "{at}");
        assert_eq!(got.lead_unit, want.lead_unit, "{at}");
        assert_eq!(got.co_units, want.co_units, "{at}");
        assert_eq!(got.milestones, want.milestones, "{at}");
        assert_eq!(
            indicator_facts(&got.indicators),
            indicator_facts(&want.indicators),
            "{at}: {:#?}",
            got.indicators
        );
    }
}

#[test]
fn what_the_reader_is_unsure_of_is_said() {
    let read = read(SEED_TEXT, None);
    let said = |n: i32, what: &str| {
        read.problems
            .iter()
            .any(|p| p.message.starts_with(&format!("第{n}项")) && p.message.contains(what) && !p.blocking)
    };
    assert!(said(8, "11个"), "{:#?}", read.problems);
    assert!(said(14, "按100%计"));
    assert!(said(15, "约2公里"));
    assert!(said(22, "累计"));
    assert!(said(12, "4所"));
}

#[test]
fn the_year_may_be_overridden() {
    let read = read(SEED_TEXT, Some(2030));
    assert_eq!(read.plan.year, 2030);
    assert!(read
        .plan
        .items
        .iter()
        .flat_map(|i| &i.milestones)
        .all(|m| chrono::Datelike::year(&m.due) == 2030));
    assert_eq!(read.plan.first_report_due.to_string(), "2030-03-31");
}

#[test]
fn not_a_notice_is_refused_with_reasons() {
    let err = read_notice(&NoticeDocument::from_text("这不是一份通知。\n只是两行字。"), None).unwrap_err();
    assert!(err[0].blocking);
    let no_number =
        "2025年某市民生实事项目\n项目分类\t具体内容\t节点计划\t责任单位\n一、甲\t内容\t3月31日前：甲\t市甲局\n";
    let err = read_notice(&NoticeDocument::from_text(no_number), Some(2025)).unwrap_err();
    assert!(err[0].message.contains("序号"), "{err:?}");
}

const QUARTERS: &str = include_str!("../../../tests/fixtures/notices/2031-quarters-co-units.txt");

#[test]
fn quarters_co_units_and_numbers_inside_categories() {
    let read = read(QUARTERS, None);
    assert!(!read.is_blocked(), "{:#?}", read.problems);
    let plan = read.plan;
    assert_eq!(plan.year, 2031);
    assert_eq!(plan.doc_number, "某府办〔2031〕3号");
    assert_eq!(plan.issuer, "某某市人民政府办公室");
    assert_eq!(plan.first_report_due.to_string(), "2031-04-05");
    assert_eq!(plan.items.iter().map(|i| i.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(plan.items.iter().map(|i| i.category).collect::<Vec<_>>(), [1, 1, 2, 2]);
    let first = &plan.items[0];
    assert_eq!(first.co_units, ["市住建局", "市自然资源局"]);
    let dues: Vec<String> = first.milestones.iter().map(|m| m.due.to_string()).collect();
    assert_eq!(dues, ["2031-03-31", "2031-06-30", "2031-09-30", "2031-12-31"]);
    assert_eq!(first.milestones[1].text, "累计新增学位300个。");
    assert_eq!(
        indicator_facts(&first.indicators),
        [
            "个 Cumulative [None, Some(300.0), Some(600.0), Some(900.0)]",
            "所 Cumulative [None, None, None, Some(3.0)]"
        ]
    );
    let second = &plan.items[1];
    assert_eq!(
        second.milestones.iter().map(|m| m.due.to_string()).collect::<Vec<_>>(),
        ["2031-06-30", "2031-12-31"]
    );
    assert_eq!(
        indicator_facts(&second.indicators),
        ["人 Cumulative [Some(30.0), Some(60.0)]"]
    );
    let roads = &plan.items[2];
    assert_eq!(roads.lead_unit, "市交通运输局");
    assert_eq!(roads.co_units, ["各镇（街）", "市财政局"]);
    assert_eq!(
        indicator_facts(&roads.indicators),
        ["公里 Cumulative [None, Some(20.0), Some(35.0), Some(50.0)]"]
    );
    assert_eq!(plan.items[3].co_units, ["市公交公司"]);
    assert_eq!(
        indicator_facts(&plan.items[3].indicators),
        ["条 Cumulative [Some(2.0), Some(5.0)]"]
    );
    let units: Vec<&str> = plan.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        units,
        [
            "市教育局",
            "市住建局",
            "市自然资源局",
            "市交通运输局",
            "各镇（街）",
            "市财政局",
            "市公交公司"
        ]
    );
}

#[test]
fn odd_notices_are_read_as_a_reader_would() {
    // The plan's year is the title's; a 文号 of the year before is said, not followed.
    let early = "某府办〔2024〕30号\n首次报送时间为2025年4月30日。\n2025年某市民生实事项目\n\
项目分类\t序号\t具体内容\t节点计划\t责任单位\t配合单位\n\
一、教育\t1\t新建学校。\t6月30日前：开工。\t市教育局、市住建局、市财政局\t市住建局\n\
一、教育\t2\t新增学位。\t年底前：完成。\t市教育局\t\n";
    let read = read(early, None);
    assert_eq!(read.plan.year, 2025);
    assert_eq!(read.plan.first_report_due.to_string(), "2025-04-30");
    assert!(
        read.problems.iter().any(|p| p.message.contains("文号中的年度为2024年")),
        "{:?}",
        read.problems
    );
    // A merged category exported onto every row is one category; a unit named twice is one.
    assert_eq!(read.plan.categories.len(), 1, "{:?}", read.plan.categories);
    assert_eq!(read.plan.items[0].co_units, ["市住建局", "市财政局"]);
    assert!(!read.is_blocked(), "{:?}", read.problems);

    // A year no plan can have is refused, not guessed.
    let absurd = "300000年1月1日\n项目分类\t序号\t具体内容\t节点计划\t责任单位\n一、甲\t1\t内容\t一季度：甲\t市甲局\n";
    let err = read_notice(&NoticeDocument::from_text(absurd), None).unwrap_err();
    assert!(err[0].blocking && err[0].message.contains("年度"), "{err:?}");
    let err = read_notice(&NoticeDocument::from_text(absurd), Some(1999)).unwrap_err();
    assert!(err[0].message.contains("1999"), "{err:?}");

    // Hundreds of figures in one cell: no proposals, said; the text is still read.
    let figures = "1人".repeat(5000);
    let many = format!("2026年某市民生实事项目\n项目分类\t序号\t具体内容\t节点计划\t责任单位\n一、甲\t1\t内容\t12月31日前：{figures}\t市甲局\n");
    let read = read_notice(&NoticeDocument::from_text(&many), None).unwrap();
    assert!(read.plan.items[0].indicators.is_empty());
    assert!(read.problems.iter().any(|p| p.message.contains("数字过多")));
}
