package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
)

// signingKey is a derived SigV4 signing key for one (secret, day, region,
// service). It is stored as its two HMAC pads, which is all that signing a
// string needs.
type signingKey struct {
	secret, region, service string
	day                     [8]byte
	ipad, opad              [64]byte
}

// signingKey returns the signing key, deriving and caching it when the last
// one does not match. Concurrent misses each derive a key and the last store
// wins, which is harmless.
func (s *Signer) signingKey(secret string, day []byte, region, service string) *signingKey {
	k := s.key.Load()
	if k != nil && k.secret == secret && string(k.day[:]) == string(day) && k.region == region && k.service == service {
		return k
	}
	k = deriveKey(secret, day, region, service)
	s.key.Store(k)
	return k
}

// deriveKey computes kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, day),
// region), service), "aws4_request"). It runs about once a day per client
// (the cache above), so it uses crypto/hmac; only the signature itself, on
// every call, is hashed by hand from the pads.
func deriveKey(secret string, day []byte, region, service string) *signingKey {
	k := &signingKey{secret: secret, region: region, service: service}
	copy(k.day[:], day)
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	key := mac([]byte("AWS4"+secret), string(day))
	key = mac(key, region)
	key = mac(key, service)
	key = mac(key, "aws4_request")
	for i := range 64 {
		var c byte
		if i < len(key) {
			c = key[i]
		}
		k.ipad[i] = c ^ 0x36
		k.opad[i] = c ^ 0x5c
	}
	return k
}
