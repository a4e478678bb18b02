//! Finding a ward or district by name as a person types: case- and
//! accent-insensitive ("st marys" finds "St Mary's" and "St Mary’s"), names
//! that start with what was typed first.

/// `text` as compared: lower case, accents dropped from Latin letters and
/// apostrophes left out, so "Ynys Môn" and "ynys mon" match.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => Some('a'),
            'ç' | 'ć' | 'č' => Some('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => Some('i'),
            'ñ' | 'ń' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => Some('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => Some('u'),
            'ý' | 'ÿ' | 'ŷ' => Some('y'),
            'ŵ' => Some('w'),
            // Apostrophes are left out altogether, so "marys" finds "Mary's".
            '\'' | '’' | '‘' => None,
            c => Some(c),
        })
        .collect()
}

/// The indexes of `names` containing `query` (folded, trimmed), names
/// starting with it first, each group in alphabetical order (ties in the
/// order given). Nothing for a blank query.
pub fn find(query: &str, names: &[&str]) -> Vec<usize> {
    let wanted = fold(query.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(bool, String, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let folded = fold(name);
            let at = folded.find(&wanted)?;
            Some((at != 0, folded, i))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Ynys Môn"), "ynys mon");
        assert_eq!(fold("St Mary’s"), "st marys");
        assert_eq!(fold("St Mary's"), "st marys");
        assert_eq!(fold("CAFÉ Ŵyn"), "cafe wyn");
    }

    #[test]
    fn starts_with_first_then_contains() {
        let names = ["Fareham East", "Portchester West", "West End", "Fareham", "Bishop's Waltham"];
        // "west": "West End" starts with it; "Portchester West" only contains it.
        assert_eq!(find("west", &names), vec![2, 1]);
        // "FAREHAM": both start with it; alphabetical: "fareham" < "fareham east".
        assert_eq!(find("FAREHAM", &names), vec![3, 0]);
        // "ham": inside three names, alphabetical among them.
        assert_eq!(find("ham", &names), vec![4, 3, 0]);
        // Apostrophes and accents do not matter.
        assert_eq!(find("bishops", &names), vec![4]);
        assert_eq!(find("  fâreham e ", &names), vec![0]);
    }

    #[test]
    fn nothing_found_or_asked() {
        let names = ["Fareham"];
        assert!(find("Gosport", &names).is_empty());
        assert!(find("   ", &names).is_empty());
        assert!(find("", &names).is_empty());
    }

    #[test]
    fn same_name_keeps_the_given_order() {
        // Two wards called "St Mary's" in different districts.
        let names = ["St Mary's", "Stamshaw", "St Mary's"];
        assert_eq!(find("st m", &names), vec![0, 2]);
    }
}
