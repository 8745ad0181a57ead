// Command bench times Quire against pandoc on the same manuscript and
// prints the ratios that issue 7 sets as targets:
//
//	go run ./examples/bench              # 10 rounds, and a book of 40 pamphlets
//	go run ./examples/bench -n 20 -copies 0
//
// It builds the examples/pamphlet and examples/mkbook commands as go build
// builds them on a machine without a C compiler, such as the fresh machine
// with only Go that Quire's README starts from: with CGO_ENABLED=0, a
// static binary. Quire has no C code; only the net package, which go-epub
// imports (for fetching, which Quire never asks it to do), would otherwise
// link the C library, and the binary would start about a millisecond later
// (the dynamic loader, libc, threads made by pthread_create). -cgo builds
// them with cgo instead, where a C compiler is installed. It then writes the
// pamphlet's Markdown manuscript (source/pamphlet/october-1917.md) into a
// temporary folder, and then, for -n rounds, runs one after the other, in
// an order that turns each round:
//
//   - the pamphlet command, which writes all the pamphlet's editions;
//   - pandoc pamphlet.md -o x.epub --toc;
//   - pandoc pamphlet.md -o x.pdf --pdf-engine=pdflatex -V papersize=a5.
//
// It prints the median wall time of each and the ratios against the
// targets: Quire's editions in at most a tenth of pandoc's EPUB, and in at
// most a fiftieth of pandoc's PDF. The machine is shared and noisy, hence
// the medians, and the alternation, which makes the programs share the
// noise.
//
// With -copies N > 0 it then writes a book of N pamphlets (the manuscript's
// body N times) and runs mkbook on it and on the pamphlet, three times
// each, for the median wall time, the peak resident memory and the cost
// per word at N× against 1×. The targets at 40×: under 3 s, under 400 MB,
// and at most 1.5 times the cost per word of the pamphlet.
//
// Without pandoc (or pdflatex) it times Quire alone.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/quire-books/quire/internal/corpus"
	"github.com/quire-books/quire/source"
)

func main() {
	n := flag.Int("n", 10, "rounds of the pamphlet comparison")
	copies := flag.Int("copies", 40, "pamphlets in the large book (0: no large book)")
	pandoc := flag.String("pandoc", "pandoc", "pandoc command")
	cgo := flag.Bool("cgo", false, "build the commands with cgo (CGO_ENABLED=1): dynamically linked where a C compiler is installed")
	flag.Parse()
	if flag.NArg() != 0 || *n < 1 || *copies < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout, config{rounds: *n, copies: *copies, pandoc: *pandoc, cgo: *cgo}); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	rounds, copies int
	pandoc         string
	cgo            bool // build the commands with CGO_ENABLED=1
}

// cgoEnabled is CGO_ENABLED's value for a build with or without cgo.
func cgoEnabled(on bool) string {
	if on {
		return "1"
	}
	return "0"
}

// A measurement of one run of a command.
type measurement struct {
	wall   time.Duration
	maxRSS int64 // bytes
}

func run(w io.Writer, c config) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "quire-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bin")
	for _, cmd := range []string{"pamphlet", "mkbook"} {
		b := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "./examples/"+cmd)
		b.Dir = root
		b.Env = append(os.Environ(), "CGO_ENABLED="+cgoEnabled(c.cgo))
		if out, err := b.CombinedOutput(); err != nil {
			return fmt.Errorf("building examples/%s: %v\n%s", cmd, err, out)
		}
	}
	md := source.PamphletMarkdown()
	if err := os.WriteFile(filepath.Join(tmp, "pamphlet.md"), md, 0o644); err != nil {
		return err
	}

	fmt.Fprintf(w, "Quire against pandoc, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "machine: %d CPUs, %s, %s/%s, %s\n", runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(w, "commands built with CGO_ENABLED=%s\n", cgoEnabled(c.cgo))

	type contender struct {
		name string
		args []string
	}
	out := filepath.Join(tmp, "quire")
	contenders := []contender{{"quire pamphlet (all editions)", []string{filepath.Join(bin, "pamphlet"), "-out", out}}}
	pandocVersion := ""
	if p, err := exec.LookPath(c.pandoc); err == nil {
		v, _ := exec.Command(p, "--version").Output()
		pandocVersion, _, _ = strings.Cut(string(v), "\n")
		contenders = append(contenders, contender{"pandoc EPUB", []string{p, "pamphlet.md", "-o", "x.epub", "--toc"}})
		if _, err := exec.LookPath("pdflatex"); err == nil {
			contenders = append(contenders, contender{"pandoc PDF (pdflatex)", []string{p, "pamphlet.md", "-o", "x.pdf", "--pdf-engine=pdflatex", "-V", "papersize=a5"}})
		}
	}
	if pandocVersion != "" {
		fmt.Fprintf(w, "pandoc: %s\n", pandocVersion)
	} else {
		fmt.Fprintf(w, "pandoc: not found; Quire alone\n")
	}
	fmt.Fprintf(w, "\nThe pamphlet (%d words), %d rounds in alternation, median wall time:\n", words(md), c.rounds)
	times := make([][]time.Duration, len(contenders))
	for r := range c.rounds {
		for k := range contenders {
			i := (k + r) % len(contenders)
			m, err := measure(tmp, contenders[i].args...)
			if err != nil {
				return err
			}
			times[i] = append(times[i], m.wall)
		}
	}
	medians := make([]time.Duration, len(contenders))
	for i, ct := range contenders {
		medians[i] = median(times[i])
		fmt.Fprintf(w, "  %-30s %8s   (min %s, max %s)\n", ct.name, ms(medians[i]), ms(slices.Min(times[i])), ms(slices.Max(times[i])))
	}
	if files, err := os.ReadDir(out); err == nil {
		var names []string
		for _, f := range files {
			names = append(names, f.Name())
		}
		fmt.Fprintf(w, "  (Quire wrote %s)\n", strings.Join(names, ", "))
	}
	targets := []struct {
		ratio float64
		want  string
	}{{0.1, "1/10"}, {0.02, "1/50"}}
	for i := 1; i < len(contenders); i++ {
		ratio := float64(medians[0]) / float64(medians[i])
		t := targets[i-1]
		fmt.Fprintf(w, "  quire / %-22s %6.3f  = 1/%.1f   target ≤ %s: %s\n", contenders[i].name, ratio, 1/ratio, t.want, verdict(ratio <= t.ratio))
	}

	if c.copies > 0 {
		if err := large(w, tmp, filepath.Join(bin, "mkbook"), md, c.copies); err != nil {
			return err
		}
	}
	return nil
}

// large runs mkbook on the pamphlet and on a book of copies pamphlets.
func large(w io.Writer, tmp, mkbook string, md []byte, copies int) error {
	big, err := corpus.Markdown(copies)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("pamphlets-%d.md", copies)
	if err := os.WriteFile(filepath.Join(tmp, name), big, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nmkbook (EPUB and PDF), median of 3 runs:\n")
	var perWord [2]float64
	for k, b := range []struct {
		file  string
		words int
	}{{"pamphlet.md", words(md)}, {name, words(big)}} {
		var walls []time.Duration
		var rss int64
		for range 3 {
			m, err := measure(tmp, mkbook, "-out", filepath.Join(tmp, "mk"), b.file)
			if err != nil {
				return err
			}
			walls = append(walls, m.wall)
			rss = max(rss, m.maxRSS)
		}
		wall := median(walls)
		perWord[k] = float64(wall.Nanoseconds()) / float64(b.words)
		pages := ""
		if out, err := exec.Command("pdfinfo", filepath.Join(tmp, "mk", strings.TrimSuffix(b.file, ".md")+".pdf")).Output(); err == nil {
			for _, l := range strings.Split(string(out), "\n") {
				if f := strings.Fields(l); len(f) == 2 && f[0] == "Pages:" {
					pages = ", " + f[1] + " pages"
				}
			}
		}
		fmt.Fprintf(w, "  %-18s %7d words%s: %8s, peak RSS %4d MB, %.0f ns/word\n", b.file, b.words, pages, ms(wall), rss>>20, perWord[k])
		if k == 1 {
			fmt.Fprintf(w, "  targets (for 40×) < 3 s: %s; < 400 MB: %s\n", verdict(wall < 3*time.Second), verdict(rss < 400<<20))
		}
	}
	r := perWord[1] / perWord[0]
	fmt.Fprintf(w, "  cost per word %d× / 1×: %.2f   target ≤ 1.5: %s\n", copies, r, verdict(r <= 1.5))
	return nil
}

// measure runs a command in dir and returns its wall time and peak
// resident memory.
func measure(dir string, args ...string) (measurement, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux (an int32 on 32-bit platforms)
	}
	return m, nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// moduleRoot is the folder of Quire's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run bench inside the Quire module")
	}
	return filepath.Dir(mod), nil
}

// cpuModel is the processor's name from /proc/cpuinfo, if there is one.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// words counts the words of a manuscript.
func words(src []byte) int { return len(bytes.Fields(src)) }
