package serde

import "math/bits"

// Word-at-a-time scanning. Tokens and secrets are long runs of plain ASCII,
// so finding the next byte that needs work 8 bytes per step is where both
// the encoder and the decoder spend their time.

const (
	lsb = 0x0101010101010101 // 0x01 in every byte
	msb = 0x8080808080808080 // 0x80 in every byte
)

// load64 reads s[i:i+8] as a little-endian word; the compiler merges the
// byte loads into one.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// notPlain flags (with 0x80) bytes of x that are not plain: below 0x20,
// '"', '\\', or 0x80 and up. Flags above the lowest true one may be false
// positives (borrows propagate upwards), so only the lowest is used; it is
// always exact.
func notPlain(x uint64) uint64 {
	ctl := (x - 0x20*lsb) &^ x                      // byte < 0x20 (or >= 0x80, flagged anyway)
	quo := ((x ^ '"'*lsb) - lsb) &^ (x ^ '"'*lsb)   // byte == '"'
	bsl := ((x ^ '\\'*lsb) - lsb) &^ (x ^ '\\'*lsb) // byte == '\\'
	return (ctl | quo | bsl | x) & msb
}

// plainRun returns the index of the first byte at or after i in s that is
// not plain (see the plain table), or len(s).
func plainRun(s string, i int) int {
	for i+8 <= len(s) {
		if m := notPlain(load64(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(s) && plain[s[i]] {
		i++
	}
	return i
}
