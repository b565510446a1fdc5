// sealgate · CEL

// Substring search in linear time (Knuth–Morris–Pratt), for contains, indexOf, lastIndexOf, replace and
// split: the naive scan these used is quadratic (`s.contains(s + 'b')` compared every position against
// the whole needle), so its time was not bounded by any charge proportional to the sizes involved.

/// A needle prepared for repeated searches.
struct SubstringSearch<Element: Equatable> {
    let needle: [Element]
    /// `border[i]`: the length of the longest proper prefix of `needle[...i]` that is also its suffix.
    private let border: [Int]

    init(_ needle: [Element]) {
        self.needle = needle
        var border = [Int](repeating: 0, count: needle.count)
        var length = 0
        var i = 1
        while i < needle.count {
            if needle[i] == needle[length] {
                length += 1
                border[i] = length
                i += 1
            } else if length > 0 {
                length = border[length - 1]
            } else {
                i += 1
            }
        }
        self.border = border
    }

    /// The first index at or after `start` where the needle occurs in `text`, or nil. An empty needle
    /// occurs at `start`.
    func firstIndex(in text: [Element], from start: Int = 0) -> Int? {
        guard !needle.isEmpty else { return start <= text.count ? start : nil }
        guard start >= 0, needle.count <= text.count - start else { return nil }
        var matched = 0
        var i = start
        while i < text.count {
            if text[i] == needle[matched] {
                matched += 1
                i += 1
                if matched == needle.count { return i - matched }
            } else if matched > 0 {
                matched = border[matched - 1]
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The non-overlapping occurrences, left to right, at most `limit` of them (all when negative).
    func occurrences(in text: [Element], limit: Int = -1) -> [Int] {
        precondition(!needle.isEmpty, "an empty needle occurs everywhere")
        var found: [Int] = []
        var from = 0
        while limit < 0 || found.count < limit, let index = firstIndex(in: text, from: from) {
            found.append(index)
            from = index + needle.count
        }
        return found
    }

    /// The number of non-overlapping occurrences, left to right, up to `limit` (all when negative).
    func count(in text: [Element], limit: Int = -1) -> Int {
        precondition(!needle.isEmpty, "an empty needle occurs everywhere")
        var count = 0
        var from = 0
        while limit < 0 || count < limit, let index = firstIndex(in: text, from: from) {
            count += 1
            from = index + needle.count
        }
        return count
    }
}
