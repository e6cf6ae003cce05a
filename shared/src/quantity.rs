//! Quantities as people write them: counts are whole (`序时应达 3293人`, never `3293.48人`),
//! measured figures keep the precision they were written with (`2.846公里`).

/// Measures that count whole things. A measure in 万/千 (`1.5万人`) is not a count: its
/// figures are fractions of ten thousand.
const COUNT_MEASURES: &[&str] = &[
    "人", "人次", "名", "位", "户", "户次", "家", "个", "所", "座", "栋", "幢", "间", "套", "台", "辆", "艘", "部",
    "批", "批次", "次", "场", "场次", "期", "班", "宗", "项", "件", "份", "张", "处", "条", "支", "只", "头", "株",
    "棵", "盏", "块", "例", "床", "张床", "对", "本", "册", "所次",
];

/// Whether `measure` counts whole things (人, 户, 家, 个, 所, 座, 批次 …).
pub fn is_count_measure(measure: &str) -> bool {
    COUNT_MEASURES.contains(&measure.trim())
}

/// A computed quantity (an expected value, a reported total) in its measure: counts to
/// whole numbers, other figures to at most three decimals, no trailing zeros.
pub fn quantity(x: f64, measure: &str) -> String {
    if is_count_measure(measure) {
        format_decimal(x, 0)
    } else {
        format_decimal(x, 3)
    }
}

/// A figure as it was written (a target, a reported value): every decimal it has, up to
/// six, without binary noise, so that reading it and saving it again changes nothing.
pub fn figure(x: f64) -> String {
    format_decimal(x, 6)
}

/// A percentage or a lag in points, to one decimal: `23.64` → "23.6".
pub fn points(x: f64) -> String {
    format_decimal(x, 1)
}

/// `x` rounded to one decimal, as [`points`] shows it (for figures kept as numbers).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `x` to at most `decimals` places, trailing zeros dropped, never "-0".
pub fn format_decimal(x: f64, decimals: usize) -> String {
    let fixed = format!("{x:.decimals$}");
    let trimmed = if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.')
    } else {
        &fixed
    };
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole() {
        assert_eq!(quantity(3293.48, "人"), "3293");
        assert_eq!(quantity(3293.5, "人次"), "3294");
        assert_eq!(quantity(12.4, "批次"), "12");
        assert_eq!(quantity(0.4, "户"), "0");
        assert!(!is_count_measure("万人"));
        assert_eq!(quantity(1.25, "万人"), "1.25");
    }

    #[test]
    fn measured_figures_keep_their_precision() {
        assert_eq!(quantity(2.846, "公里"), "2.846");
        assert_eq!(quantity(2090.10989, "公里"), "2090.11");
        assert_eq!(quantity(97.5, "%"), "97.5");
        assert_eq!(quantity(-0.0001, "%"), "0");
    }

    #[test]
    fn figures_read_back_unchanged() {
        for x in [2.846, 6000.0, 97.5, 0.125, 1234.5678, 1e12] {
            assert_eq!(figure(x).parse::<f64>().unwrap(), x, "{x}");
        }
        assert_eq!(figure(2.846), "2.846");
        assert_eq!(figure(6000.0), "6000");
        assert_eq!(figure(0.1 + 0.2), "0.3");
        assert_eq!(format_decimal(15.0, 1), "15");
        assert_eq!(format_decimal(1.6667, 1), "1.7");
    }
}
