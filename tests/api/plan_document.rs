//! The loaded 2024 plan checked against the notice 开府办〔2024〕8号 itself: the expected
//! figures below were read off the document by hand, not generated from our data file.

use duban_shared::api::{IndicatorKind, PlanDetail};
use duban_tests::{RequestHelper, TestApp};

const CATEGORIES: [(i32, &str, &[i32]); 10] = [
    (1, "提升医疗保障水平", &[1, 2, 3, 4]),
    (2, "提高就业创业保障水平", &[5, 6]),
    (3, "加大老年人关怀服务力度", &[7, 8, 9]),
    (4, "提高公共教育服务能力", &[10, 11, 12]),
    (5, "提高城市排水及污水治理能力", &[13, 14, 15, 16]),
    (6, "开展食品药品质量安全放心行动", &[17, 18]),
    (7, "提升城乡安居宜居保障水平", &[19, 20, 21]),
    (8, "推广青少年心理健康服务", &[22]),
    (9, "提升镇村人居环境", &[23, 24]),
    (10, "推动农村公路提档升级", &[25]),
];

/// 责任单位 of items 1..=25.
const UNITS: [&str; 25] = [
    "市医疗保障局",
    "市医疗保障局",
    "市医疗保障局",
    "市卫生健康局",
    "市人力资源和社会保障局",
    "市人力资源和社会保障局",
    "市民政局",
    "市民政局",
    "市卫生健康局",
    "市教育局",
    "市教育局",
    "市教育局",
    "市城市管理和综合执法局",
    "市城市管理和综合执法局",
    "市城市管理和综合执法局",
    "市城市管理和综合执法局",
    "市市场监督管理局",
    "市市场监督管理局",
    "市住房和城乡建设局",
    "市住房和城乡建设局",
    "市城市管理和综合执法局",
    "市教育局",
    "市农业农村局",
    "市住房和城乡建设局",
    "市交通运输局",
];

/// Items whose plan stops at 9月30日 (three milestones); all others run to 12月10日.
const ENDS_IN_SEPTEMBER: [i32; 4] = [1, 2, 11, 23];

async fn plan() -> PlanDetail {
    let app = TestApp::spawn().await;
    let body = app.reader().get_json("/plans/2024", 200).await;
    serde_json::from_value(body).expect("PlanDetail")
}

#[tokio::test]
async fn the_notice_header_is_transcribed() {
    let plan = plan().await;
    assert_eq!(plan.year, 2024);
    assert_eq!(plan.doc_number, "开府办〔2024〕8号");
    assert_eq!(
        plan.notice_title,
        "开平市人民政府办公室关于印发2024年市十件民生实事的通知"
    );
    assert_eq!(plan.issuer, "开平市人民政府办公室");
    assert_eq!(plan.issued_on.unwrap().to_string(), "2024-02-29");
    assert_eq!(plan.first_report_due.unwrap().to_string(), "2024-03-31");
}

#[tokio::test]
async fn ten_categories_twenty_five_items_ten_units() {
    let plan = plan().await;
    assert_eq!(plan.categories.len(), 10);
    for (cat, (ordinal, title, numbers)) in plan.categories.iter().zip(CATEGORIES) {
        assert_eq!(cat.ordinal, ordinal);
        assert_eq!(cat.title, title);
        let got: Vec<i32> = cat.items.iter().map(|i| i.number).collect();
        assert_eq!(got, numbers, "items of category {title}");
    }
    let items: Vec<_> = plan.items().collect();
    assert_eq!(items.len(), 25);
    for item in &items {
        assert_eq!(
            item.lead_unit.name,
            UNITS[(item.number - 1) as usize],
            "unit of item {}",
            item.number
        );
    }
    let mut units: Vec<&str> = items.iter().map(|i| i.lead_unit.name.as_str()).collect();
    units.sort();
    units.dedup();
    assert_eq!(units.len(), 10);
}

#[tokio::test]
async fn every_milestone_has_the_documents_date_and_text() {
    let plan = plan().await;
    let mut total = 0;
    for item in plan.items() {
        let dates: Vec<String> = item.milestones.iter().map(|m| m.due_date.to_string()).collect();
        let expected: &[&str] = if ENDS_IN_SEPTEMBER.contains(&item.number) {
            &["2024-03-31", "2024-06-30", "2024-09-30"]
        } else {
            &["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-10"]
        };
        assert_eq!(dates, expected, "milestone dates of item {}", item.number);
        assert!(item.milestones.iter().all(|m| !m.target_text.trim().is_empty()));
        total += item.milestones.len();
    }
    assert_eq!(total, 25 * 4 - 4);
    // Spot checks of text as written.
    let item = |n: i32| plan.items().find(|i| i.number == n).unwrap();
    assert_eq!(item(5).milestones[0].target_text, "全市城镇新增就业1200人。");
    assert_eq!(item(21).milestones[3].target_text, "累计完成4000户居民的“瓶改管”任务。");
    assert!(item(13).milestones[0].target_text.contains("\n改造排水管网工程"));
    assert!(item(1).content.contains("2040元"));
}

#[tokio::test]
async fn indicators_carry_the_cumulative_targets() {
    let plan = plan().await;
    let item = |n: i32| plan.items().find(|i| i.number == n).unwrap().clone();
    let targets = |n: i32, name: &str| -> Vec<(String, f64)> {
        let it = item(n);
        let ind = it
            .indicators
            .iter()
            .find(|i| i.name.contains(name))
            .unwrap_or_else(|| panic!("item {n} has an indicator {name}"));
        ind.targets
            .iter()
            .map(|t| (t.due_date.format("%m-%d").to_string(), t.target))
            .collect()
    };
    let t = |v: &[(&str, f64)]| v.iter().map(|(d, x)| (d.to_string(), *x)).collect::<Vec<_>>();

    assert_eq!(
        targets(5, "新增就业"),
        t(&[
            ("03-31", 1200.0),
            ("06-30", 3000.0),
            ("09-30", 4800.0),
            ("12-10", 6000.0)
        ])
    );
    assert_eq!(
        targets(17, "食品抽检"),
        t(&[
            ("03-31", 440.0),
            ("06-30", 1100.0),
            ("09-30", 1650.0),
            ("12-10", 2200.0)
        ])
    );
    assert_eq!(
        targets(17, "快检"),
        t(&[("06-30", 36600.0), ("09-30", 54900.0), ("12-10", 73200.0)])
    );
    assert_eq!(
        targets(3, "定点医疗机构"),
        t(&[("03-31", 15.0), ("06-30", 24.0), ("09-30", 28.0), ("12-10", 31.0)])
    );
    assert_eq!(
        targets(4, "产前筛查"),
        t(&[("06-30", 600.0), ("09-30", 1000.0), ("12-10", 2600.0)])
    );
    assert_eq!(targets(7, "适老化"), t(&[("09-30", 150.0), ("12-10", 298.0)]));
    assert_eq!(
        targets(16, "老旧水管"),
        t(&[("03-31", 1.0), ("06-30", 3.0), ("09-30", 5.0), ("12-10", 8.0)])
    );
    assert_eq!(targets(18, "药品"), t(&[("03-31", 11.0), ("12-10", 67.0)]));
    assert_eq!(
        targets(25, "农村公路整治"),
        t(&[("06-30", 2.4), ("09-30", 3.6), ("12-10", 4.82)])
    );

    let nine = item(9);
    let rates: Vec<(&str, f64)> = nine
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.final_target))
        .collect();
    assert_eq!(rates.len(), 3);
    assert!(nine
        .indicators
        .iter()
        .all(|i| i.kind == IndicatorKind::Rate && i.measure == "%"));
    assert_eq!(
        targets(9, "家庭医生签约"),
        t(&[("06-30", 10.0), ("09-30", 30.0), ("12-10", 63.0)])
    );
    assert_eq!(
        targets(9, "医养结合"),
        t(&[("06-30", 15.0), ("09-30", 25.0), ("12-10", 38.0)])
    );
    assert_eq!(
        targets(9, "规范健康管理"),
        t(&[("06-30", 10.0), ("09-30", 30.0), ("12-10", 63.0)])
    );

    let six = item(6);
    assert_eq!(
        six.indicators.len(),
        5,
        "见习岗位, 就业驿站, 粤菜师傅, 职业资格, 南粤家政"
    );
    assert_eq!(targets(6, "南粤家政").last().unwrap().1, 1200.0);
    // The final target is the last figure the milestones set.
    for it in plan.items() {
        for ind in &it.indicators {
            assert_eq!(
                Some(ind.final_target),
                ind.targets.last().map(|t| t.target),
                "{}",
                ind.name
            );
        }
    }
    // Items whose milestones set no figure have no indicator.
    for n in [1, 2, 8, 12, 23] {
        assert!(item(n).indicators.is_empty(), "item {n}");
    }
}
