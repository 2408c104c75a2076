package main

import (
	"io"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// writeQR prints url as a QR code of Unicode half blocks, two modules per
// character cell, for a phone to scan. Light modules are drawn and dark ones
// left blank, for the usual dark terminal; the code keeps its quiet zone.
func writeQR(w io.Writer, url string) error {
	q, err := qrcode.New(url, qrcode.Low)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n"+renderQR(q.Bitmap()))
	return err
}

// renderQR draws a bitmap (true is dark) with ' ', '▀', '▄' and '█'.
func renderQR(bits [][]bool) string {
	var b strings.Builder
	for y := 0; y < len(bits); y += 2 {
		for x := range bits[y] {
			top := !bits[y][x]
			bottom := y+1 < len(bits) && !bits[y+1][x]
			switch {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
