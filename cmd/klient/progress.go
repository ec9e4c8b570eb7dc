package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressBar draws "[#####-----]  50%  5000/10000 events  4200/s" on a
// terminal, redrawing in place; on anything else it prints a line every
// tenth of the way so logs stay short.
type progressBar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	tty      bool
	start    time.Time
	lastDraw time.Time
	lastTick uint64
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, tty: isTerminal(w), start: time.Now()}
}

// Update is safe to call from any goroutine, as often as you like.
func (p *progressBar) Update(done, total uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.due(done, total) {
		return
	}
	p.lastDraw = time.Now()
	line := p.render(done, total)
	if p.tty {
		fmt.Fprintf(p.w, "\r%s", line)
		if done >= total {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progressBar) due(done, total uint64) bool {
	if done >= total {
		return p.lastTick != total+1 && p.markTick(total+1)
	}
	if p.tty {
		return time.Since(p.lastDraw) > 100*time.Millisecond
	}
	tick := done * 10 / max(total, 1)
	return tick != p.lastTick && p.markTick(tick)
}

func (p *progressBar) markTick(t uint64) bool { p.lastTick = t; return true }

func (p *progressBar) render(done, total uint64) string {
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = float64(min(done, total)) / float64(total)
	}
	filled := int(frac * width)
	rate := float64(done) / max(time.Since(p.start).Seconds(), 0.001)
	return fmt.Sprintf("%s [%s%s] %3.0f%%  %d/%d events  %.0f/s", p.label,
		strings.Repeat("#", filled), strings.Repeat("-", width-filled), frac*100, done, total, rate)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
