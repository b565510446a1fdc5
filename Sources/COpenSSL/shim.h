// sealgate: OpenSSL 3, for RSA-OAEP, AES-GCM, X.509 and PEM.
#ifndef SEALGATE_COPENSSL_SHIM_H
#define SEALGATE_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif
