// sealgate · RE2

extension RE2Program.Instruction {
    /// Whether this instruction consumes `scalar` (-1, the end of the text, is never consumed);
    /// `bounds` are the program's class ranges.
    @inline(__always)
    func accepts(_ scalar: Int32, bounds: UnsafeBufferPointer<UInt32>) -> Bool {
        switch opcode {
        case .rune: return scalar == argument
        case .anyRune: return scalar >= 0
        case .anyRuneExceptNewline: return scalar >= 0 && scalar != 0x0A
        case .runeSet:
            if scalar < 0x80 {
                guard scalar >= 0 else { return false }
                return classContains(ascii: UInt8(scalar))
            }
            let value = UInt32(scalar)
            let base = Int(argument) * 2
            var low = 0
            var high = Int(rangeCount)
            while low < high {
                let middle = (low + high) / 2
                if bounds[base + 2 * middle + 1] < value {
                    low = middle + 1
                } else if bounds[base + 2 * middle] > value {
                    high = middle
                } else {
                    return true
                }
            }
            return false
        case .fail, .match, .split, .jump, .assertion:
            return false
        }
    }

    /// For `runeSet`, whether the class has the ASCII character `byte` (below 0x80), from its bitmap.
    @inline(__always)
    func classContains(ascii byte: UInt8) -> Bool {
        (byte < 64 ? asciiLow >> UInt64(byte) : asciiHigh >> UInt64(byte - 64)) & 1 != 0
    }
}
