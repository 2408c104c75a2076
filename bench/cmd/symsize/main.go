// Command symsize explains a binary size difference: it sums the sizes of
// the symbols of two unstripped binaries (go tool nm -size) by package and
// prints the packages that account for the difference, largest first.
//
//	symsize [-top 25] base.bin other.bin
//
// Symbol bytes leave out the per-function tables (pclntab) that a stripped
// binary keeps, so the total explained is a part of the file size
// difference, in about the same proportions.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

func main() {
	top := flag.Int("top", 25, "packages to list")
	flag.Parse()
	log.SetFlags(0)
	if flag.NArg() != 2 {
		log.Fatal("usage: symsize [-top N] base.bin other.bin")
	}
	base, other := sizes(flag.Arg(0)), sizes(flag.Arg(1))
	type row struct {
		pkg         string
		base, other int64
	}
	var rows []row
	var tb, to int64
	for p, n := range other {
		rows = append(rows, row{p, base[p], n})
		to += n
	}
	for p, n := range base {
		if _, ok := other[p]; !ok {
			rows = append(rows, row{p, n, 0})
		}
		tb += n
	}
	sort.Slice(rows, func(i, j int) bool {
		di, dj := rows[i].other-rows[i].base, rows[j].other-rows[j].base
		if di != dj {
			return di > dj
		}
		return rows[i].pkg < rows[j].pkg
	})
	fmt.Printf("| package | %s | %s | difference |\n|---|--:|--:|--:|\n", name(flag.Arg(0)), name(flag.Arg(1)))
	for i, r := range rows {
		if i == *top || r.other-r.base <= 0 {
			break
		}
		fmt.Printf("| %s | %s | %s | %+d |\n", r.pkg, kb(r.base), kb(r.other), r.other-r.base)
	}
	fmt.Printf("| **all symbols** | %s | %s | %+d |\n", kb(tb), kb(to), to-tb)
}

func name(path string) string {
	return strings.TrimSuffix(path[strings.LastIndexByte(path, '/')+1:], ".full")
}

func kb(n int64) string {
	if n == 0 {
		return "-"
	}
	return strconv.FormatInt(n, 10)
}

// sizes sums symbol sizes by package.
func sizes(bin string) map[string]int64 {
	out, err := exec.Command("go", "tool", "nm", "-size", bin).Output()
	if err != nil {
		log.Fatalf("go tool nm %s: %v", bin, err)
	}
	m := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// address size type name...
		if len(f) < 4 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n == 0 {
			continue
		}
		m[pkgOf(strings.Join(f[3:], " "))] += n
	}
	return m
}

// pkgOf returns the package a symbol belongs to: the import path before the
// first dot after the last slash, once prefixes such as "type:" and
// "go:itab." are removed. Symbols of no package ("go:string.*", types
// such as "map[string]int") are put under their kind.
func pkgOf(sym string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range []string{"type:", "go:itab.", "go:link.", "go:info.", "gclocals·", "go:cuinfo.", "*"} {
			if strings.HasPrefix(sym, p) {
				sym, changed = sym[len(p):], true
			}
		}
	}
	if rest, ok := strings.CutPrefix(sym, "go:"); ok {
		if i := strings.IndexAny(rest, ".*"); i > 0 {
			return "go:" + rest[:i]
		}
		return sym
	}
	if i := strings.IndexAny(sym, "[,( "); i > 0 {
		sym = sym[:i]
	}
	slash := strings.LastIndexByte(sym, '/')
	if dot := strings.IndexByte(sym[slash+1:], '.'); dot > 0 {
		return sym[:slash+1+dot]
	}
	return sym
}
