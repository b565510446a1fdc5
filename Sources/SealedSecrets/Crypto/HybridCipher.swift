// sealgate · SealedSecrets

internal import COpenSSL

/// Bitnami sealed-secrets' hybrid cipher, byte for byte.
///
/// Each value is sealed on its own: a fresh 32-byte AES-256 session key, wrapped with RSA-OAEP (SHA-256
/// for the hash and for MGF1) under an OAEP label that binds the value to its scope; the value encrypted
/// with AES-256-GCM under a 12-byte all-zero nonce (safe: the key is used once), no associated data. The
/// bytes are `uint16 big-endian RSA ciphertext length || RSA ciphertext || GCM ciphertext || 16-byte tag`.
public enum HybridCipher {
    /// The AES-256 session key length.
    static let sessionKeyLength = 32
    /// The GCM tag length.
    static let tagLength = 16

    /// Seals `plaintext` for the holder of the private key of `publicKey`.
    ///
    /// - Parameters:
    ///   - plaintext: the value's raw bytes.
    ///   - label: the OAEP label of the scope (see ``SealingScope/label(namespace:name:)``).
    ///   - publicKey: the sealing certificate's key.
    /// - Returns: the sealed bytes (not yet base64).
    public static func seal(_ plaintext: [UInt8], label: [UInt8], to publicKey: PublicKey) throws(SealedSecretsError) -> [UInt8] {
        let sessionKey = try OpenSSL.randomBytes(sessionKeyLength)
        let wrapped = try rsaEncrypt(sessionKey, label: label, key: publicKey.key)
        guard wrapped.count <= Int(UInt16.max) else {
            throw SealedSecretsError(.badCertificate, "the RSA key is too large for the sealed-secrets format")
        }
        var output: [UInt8] = [UInt8(wrapped.count >> 8), UInt8(wrapped.count & 0xFF)]
        output.reserveCapacity(2 + wrapped.count + plaintext.count + tagLength)
        output += wrapped
        output += try aesGCM(encrypting: true, plaintext, key: sessionKey)
        return output
    }

    /// Opens a sealed value with one private key.
    ///
    /// - Throws: ``SealedSecretsError`` with code `truncated` when the bytes cannot hold their own length
    ///   prefix and RSA block, or `decryptionFailed` when the key or label is wrong or the ciphertext was
    ///   changed (GCM authenticates it).
    public static func open(_ sealed: [UInt8], label: [UInt8], with privateKey: PrivateKey) throws(SealedSecretsError) -> [UInt8] {
        let parts = try split(sealed)
        let sessionKey = try unwrapSessionKey(parts.wrappedKey, label: label, key: privateKey.key)
        return try openBody(parts.body, sessionKey: sessionKey)
    }

    /// Decrypts and authenticates the GCM half with an unwrapped session key.
    static func openBody(_ body: ArraySlice<UInt8>, sessionKey: [UInt8]) throws(SealedSecretsError) -> [UInt8] {
        try aesGCM(encrypting: false, body, key: sessionKey)
    }

    /// The sealed value's two parts, after checking its length prefix.
    static func split(_ sealed: [UInt8]) throws(SealedSecretsError) -> (wrappedKey: ArraySlice<UInt8>, body: ArraySlice<UInt8>) {
        guard sealed.count >= 2 else {
            throw SealedSecretsError(
                .truncated,
                "the sealed value is \(sealed.count) byte\(sealed.count == 1 ? "" : "s"), too short to hold its 2-byte length prefix")
        }
        let rsaLength = Int(sealed[0]) << 8 | Int(sealed[1])
        guard sealed.count >= 2 + rsaLength + tagLength else {
            throw SealedSecretsError(
                .truncated,
                "the sealed value is \(sealed.count) bytes, too short for its \(rsaLength)-byte RSA block and GCM tag; it was cut off")
        }
        return (sealed[2..<(2 + rsaLength)], sealed[(2 + rsaLength)...])
    }

    /// Tries the RSA half only: whether `key` and `label` open the session key. Cheap to ask for diagnosis.
    static func unwrapSessionKey(_ wrapped: ArraySlice<UInt8>, label: [UInt8], key: EVPKey) throws(SealedSecretsError) -> [UInt8] {
        let sessionKey = try rsa(encrypt: false, Array(wrapped), label: label, key: key)
        guard sessionKey.count == sessionKeyLength else {
            throw SealedSecretsError(.decryptionFailed, "the session key has the wrong length")
        }
        return sessionKey
    }

    // MARK: - RSA-OAEP

    static func rsaEncrypt(_ input: [UInt8], label: [UInt8], key: EVPKey) throws(SealedSecretsError) -> [UInt8] {
        try rsa(encrypt: true, input, label: label, key: key)
    }

    private static func rsa(encrypt: Bool, _ input: [UInt8], label: [UInt8], key: EVPKey) throws(SealedSecretsError) -> [UInt8] {
        guard let context = EVP_PKEY_CTX_new(key.pointer, nil) else { throw OpenSSL.failure("creating an RSA context") }
        defer { EVP_PKEY_CTX_free(context) }
        let initialised = encrypt ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)
        guard initialised == 1,
            EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1,
            EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha256()) == 1,
            EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) == 1
        else { throw OpenSSL.failure("setting up RSA-OAEP") }
        if !label.isEmpty {
            // set0 takes ownership of the label: it must come from OpenSSL's allocator.
            guard let copy = sealgate_openssl_malloc(label.count) else { throw OpenSSL.failure("allocating the OAEP label") }
            label.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: label.count) }
            guard EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count)) == 1 else {
                sealgate_openssl_free(copy)
                throw OpenSSL.failure("setting the OAEP label")
            }
        }
        var length = 0
        let sized =
            encrypt
            ? EVP_PKEY_encrypt(context, nil, &length, input, input.count)
            : EVP_PKEY_decrypt(context, nil, &length, input, input.count)
        guard sized == 1 else { throw OpenSSL.failure("sizing an RSA operation") }
        var output = [UInt8](repeating: 0, count: length)
        let done = output.withUnsafeMutableBufferPointer { buffer in
            encrypt
                ? EVP_PKEY_encrypt(context, buffer.baseAddress, &length, input, input.count)
                : EVP_PKEY_decrypt(context, buffer.baseAddress, &length, input, input.count)
        }
        guard done == 1 else {
            if encrypt { throw OpenSSL.failure("RSA-OAEP encryption") }
            ERR_clear_error()  // a wrong key or label: expected while trying a ring, not worth OpenSSL's words
            throw SealedSecretsError(.decryptionFailed, "the key or the scope label does not match")
        }
        output.removeSubrange(length...)
        return output
    }

    // MARK: - AES-256-GCM

    private static func aesGCM(encrypting: Bool, _ input: some Collection<UInt8>, key: [UInt8]) throws(SealedSecretsError) -> [UInt8] {
        let input = Array(input)
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSL.failure("creating a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        let nonce = [UInt8](repeating: 0, count: 12)
        let body = encrypting ? input[...] : input.dropLast(tagLength)
        var output = [UInt8](repeating: 0, count: body.count + (encrypting ? tagLength : 0) + 16)
        var written: Int32 = 0
        var total = 0
        let initialised =
            encrypting
            ? EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce)
            : EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce)
        guard initialised == 1 else { throw OpenSSL.failure("setting up AES-256-GCM") }
        let updated = output.withUnsafeMutableBufferPointer { out in
            Array(body).withUnsafeBufferPointer { inp in
                encrypting
                    ? EVP_EncryptUpdate(context, out.baseAddress, &written, inp.baseAddress, Int32(inp.count))
                    : EVP_DecryptUpdate(context, out.baseAddress, &written, inp.baseAddress, Int32(inp.count))
            }
        }
        guard updated == 1 else { throw OpenSSL.failure("AES-256-GCM") }
        total = Int(written)
        if encrypting {
            let finished = output.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(context, $0.baseAddress! + total, &written) }
            guard finished == 1 else { throw OpenSSL.failure("AES-256-GCM") }
            total += Int(written)
            var tag = [UInt8](repeating: 0, count: tagLength)
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), &tag) == 1 else {
                throw OpenSSL.failure("reading the GCM tag")
            }
            output.replaceSubrange(total..<(total + tagLength), with: tag)
            total += tagLength
        } else {
            var tag = Array(input.suffix(tagLength))
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else {
                throw OpenSSL.failure("setting the GCM tag")
            }
            let finished = output.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(context, $0.baseAddress! + total, &written) }
            guard finished == 1 else {
                ERR_clear_error()
                throw SealedSecretsError(
                    .decryptionFailed, "the sealed value was changed after sealing: its GCM tag does not match")
            }
            total += Int(written)
        }
        output.removeSubrange(total...)
        return output
    }
}
