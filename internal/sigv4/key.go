package sigv4

import "crypto/sha256"

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
func (s *Signer) signingKey(st *state, secret string, day []byte, region, service string) *signingKey {
	k := s.key.Load()
	if k != nil && k.secret == secret && string(k.day[:]) == string(day) && k.region == region && k.service == service {
		return k
	}
	k = deriveKey(&st.out, secret, day, region, service)
	s.key.Store(k)
	return k
}

// deriveKey computes kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, day),
// region), service), "aws4_request"). work is scratch memory that is wiped
// before returning.
func deriveKey(work *[]byte, secret string, day []byte, region, service string) *signingKey {
	k := &signingKey{secret: secret, region: region, service: service}
	copy(k.day[:], day)

	var kb [128]byte
	secretKey := append(kb[:0], "AWS4"...)
	secretKey = append(secretKey, secret...)
	key := hmacSHA256(work, secretKey, string(day))
	clear(secretKey)
	key = hmacSHA256(work, key[:], region)
	key = hmacSHA256(work, key[:], service)
	key = hmacSHA256(work, key[:], "aws4_request")
	for i := range 64 {
		var c byte
		if i < len(key) {
			c = key[i]
		}
		k.ipad[i] = c ^ 0x36
		k.opad[i] = c ^ 0x5c
	}
	clear(key[:])
	return k
}

// hmacSHA256 computes HMAC-SHA256 (RFC 2104) with sha256.Sum256 over
// contiguous memory, avoiding crypto/hmac's per-call allocations.
func hmacSHA256(work *[]byte, key []byte, msg string) [32]byte {
	var block [64]byte
	if len(key) > len(block) {
		sum := sha256.Sum256(key)
		copy(block[:], sum[:])
	} else {
		copy(block[:], key)
	}
	w := (*work)[:0]
	for _, c := range block {
		w = append(w, c^0x36)
	}
	w = append(w, msg...)
	inner := sha256.Sum256(w)
	clear(w)
	*work = w[:0]

	var outer [64 + 32]byte
	for i, c := range block {
		outer[i] = c ^ 0x5c
	}
	copy(outer[64:], inner[:])
	clear(block[:])
	return sha256.Sum256(outer[:])
}
