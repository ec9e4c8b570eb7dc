package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// The journal takes each destroyed key once, from the CLI and from the
// daily job alike.
func TestTombstoneJournal(t *testing.T) {
	t.Parallel()
	s := newSetup(t)
	ctx := context.Background()
	a := s.open(t)
	_, err := a.keyring.Shred(ctx, "subject-1")
	check(t, err)
	for _, want := range []string{"1 tombstones added", "0 tombstones added"} {
		out, err := s.run(t, runTombstones, "export")
		if err != nil || !strings.HasPrefix(out, want) || !strings.Contains(out, "(1 in all)") {
			t.Fatalf("export: %v %q", err, out)
		}
	}
	_, err = a.keyring.Shred(ctx, "subject-2")
	check(t, err)
	daily, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.runRetentionDaily(daily) })
	defer func() { cancel(); wg.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		list, err := readJournal(a.tombstoneJournal())
		check(t, err)
		if len(list) == 2 && list[1].Subject == "subject-2" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daily job did not bring the journal up to date: %+v", list)
		}
	}
}
