// sealgate · RE2

/// A text being searched: the UTF-8 of a Swift string, decoded a scalar at a time.
struct RE2Input {
    /// The bytes, valid UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>

    /// The scalar starting at byte `index`, and its length; (-1, 0) at the end of the text.
    @inline(__always)
    func decode(at index: Int) -> (scalar: Int32, width: Int) {
        guard index < bytes.count else { return (-1, 0) }
        let lead = Int32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        // A Swift string's UTF-8 is valid: the continuation bytes are there.
        func continuation(_ offset: Int) -> Int32 { Int32(bytes[index + offset]) & 0x3F }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | continuation(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3) }
        return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
    }

    /// The scalar ending just before byte `index`, or -1 at the start of the text.
    func scalar(before index: Int) -> Int32 {
        guard index > 0 else { return -1 }
        var lead = index - 1
        while lead > 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        return decode(at: lead).scalar
    }
}
