//! Chinese ordinals as the notice writes them (一、二、… 十).

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `3` → "三", `10` → "十", `12` → "十二", `25` → "二十五"; numbers outside 1..=99 stay Arabic.
pub fn chinese_ordinal(n: i32) -> String {
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", DIGITS[(n / 10) as usize]),
        21..=99 => format!("{}十{}", DIGITS[(n / 10) as usize], DIGITS[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_ordinal;

    #[test]
    fn ordinals_read_as_in_the_notice() {
        assert_eq!(chinese_ordinal(1), "一");
        assert_eq!(chinese_ordinal(9), "九");
        assert_eq!(chinese_ordinal(10), "十");
        assert_eq!(chinese_ordinal(12), "十二");
        assert_eq!(chinese_ordinal(20), "二十");
        assert_eq!(chinese_ordinal(25), "二十五");
        assert_eq!(chinese_ordinal(0), "0");
    }
}
