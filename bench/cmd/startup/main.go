// Command startup measures the wall time from starting a program to its
// exit, for one-call programs that make a CreateToken against the fake
// service (which it starts). Each program is run -runs times, the programs
// taking turns in a shuffled order each round so that the machine's drift
// falls on all of them alike, each with an empty HOME of its own and an
// environment of PATH, HOME and the variables given. It writes the median,
// quartiles and minimum in milliseconds as tab-separated lines:
//
//	startup -runs 30 -o startup.tsv name=/path/to/binary[,VAR=value...] ...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ssooidc-go/ssooidc/bench/internal/fake"
)

type program struct {
	name, bin string
	env       []string
	home      string
	times     []time.Duration
}

func main() {
	runs := flag.Int("runs", 30, "measured runs of each program")
	warmup := flag.Int("warmup", 3, "unmeasured runs of each program first")
	out := flag.String("o", "startup.tsv", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("startup: ")

	tmp, err := os.MkdirTemp("", "ssooidc-startup-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	var progs []*program
	for i, arg := range flag.Args() {
		name, spec, ok := strings.Cut(arg, "=")
		if !ok {
			log.Fatalf("argument %q is not name=binary[,VAR=value...]", arg)
		}
		parts := strings.Split(spec, ",")
		p := &program{name: name, bin: parts[0], env: parts[1:], home: filepath.Join(tmp, fmt.Sprintf("home%d", i))}
		if err := os.Mkdir(p.home, 0o700); err != nil {
			log.Fatal(err)
		}
		progs = append(progs, p)
	}

	bin, err := fake.Binary(tmp)
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.Start(bin)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	order := slices.Clone(progs)
	for round := -*warmup; round < *runs; round++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, p := range order {
			d, err := p.run(srv.URL)
			if err != nil {
				srv.Close()
				log.Fatalf("%s: %v", p.name, err)
			}
			if round >= 0 {
				p.times = append(p.times, d)
			}
		}
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "name\tmedian_ms\tp25_ms\tp75_ms\tmin_ms\truns\n")
	for _, p := range progs {
		slices.Sort(p.times)
		fmt.Fprintf(&b, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\n", p.name, ms(quantile(p.times, 0.5)), ms(quantile(p.times, 0.25)),
			ms(quantile(p.times, 0.75)), ms(p.times[0]), len(p.times))
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(b.Bytes())
}

func (p *program) run(url string) (time.Duration, error) {
	cmd := exec.Command(p.bin, url)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + p.home}, p.env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, stderr.Bytes())
	}
	return d, nil
}

// quantile of sorted durations, interpolating between neighbours.
func quantile(s []time.Duration, q float64) time.Duration {
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + time.Duration((pos-float64(i))*float64(s[i+1]-s[i]))
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
