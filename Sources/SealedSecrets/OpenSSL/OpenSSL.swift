// sealgate · SealedSecrets

internal import COpenSSL

/// Helpers for calling OpenSSL: its error queue, and memory BIOs.
enum OpenSSL {
    /// Drains OpenSSL's error queue of this thread into one readable line (the library's own words).
    static func drainErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no detail from OpenSSL" : messages.joined(separator: "; ")
    }

    /// A failure of an OpenSSL call that the input did not cause.
    static func failure(_ what: String) -> SealedSecretsError {
        SealedSecretsError(.crypto, "\(what) failed in OpenSSL: \(drainErrors())")
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<R>(
        _ bytes: [UInt8], _ body: (OpaquePointer) throws(SealedSecretsError) -> R
    )
        throws(SealedSecretsError) -> R
    {
        let result: Result<R, SealedSecretsError> = bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                return .failure(failure("allocating a memory BIO"))
            }
            defer { BIO_free(bio) }
            return Result { () throws(SealedSecretsError) in try body(bio) }
        }
        return try result.get()
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote.
    static func writtenBytes(_ what: String, _ write: (OpaquePointer) -> Int32) throws(SealedSecretsError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw failure("allocating a memory BIO") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw failure(what) }
        let pending = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32(pending)) }
        guard read == pending else { throw failure(what) }
        return bytes
    }

    /// Fills a buffer with cryptographically secure random bytes.
    static func randomBytes(_ count: Int) throws(SealedSecretsError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard bytes.withUnsafeMutableBufferPointer({ RAND_bytes($0.baseAddress, Int32(count)) }) == 1 else {
            throw failure("generating random bytes")
        }
        return bytes
    }

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) throws(SealedSecretsError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        guard ok == 1, length == 32 else { throw failure("hashing with SHA-256") }
        return digest
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
