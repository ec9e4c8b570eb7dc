package accesslog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/accesslog"
)

func TestSearchFilters(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	record(t, pool,
		view("anna", 0, "s1"),        // id 1
		view("bo", 10, "s1", "s2"),   // id 2
		view("anna", 20, "s2"),       // id 3
		view("anna", 30, "s1", "s3"), // id 4
	)
	for name, tc := range map[string]struct {
		f    accesslog.Filter
		want []int64
	}{
		"everything":     {accesslog.Filter{}, []int64{4, 3, 2, 1}},
		"by staff":       {accesslog.Filter{StaffID: "anna"}, []int64{4, 3, 1}},
		"by subject":     {accesslog.Filter{Subject: "s1"}, []int64{4, 2, 1}},
		"staff+subject":  {accesslog.Filter{StaffID: "anna", Subject: "s2"}, []int64{3}},
		"window":         {accesslog.Filter{From: t0.Add(10 * time.Minute), To: t0.Add(30 * time.Minute)}, []int64{3, 2}},
		"from only":      {accesslog.Filter{From: t0.Add(25 * time.Minute)}, []int64{4}},
		"nobody":         {accesslog.Filter{StaffID: "cecilia"}, []int64{}},
		"unseen subject": {accesslog.Filter{Subject: "s"}, []int64{}}, // exact match, not a prefix
	} {
		got, err := accesslog.Search(ctx, pool, keysOf(pool), tc.f)
		if err != nil || !slices.Equal(ids(got), tc.want) {
			t.Errorf("%s: %v, %v; want %v", name, ids(got), err, tc.want)
		}
	}
}

func TestSearchPages(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	for i := range 7 {
		record(t, pool, view("anna", i, "s1"))
	}
	var pages [][]int64
	f := accesslog.Filter{StaffID: "anna", Limit: 3}
	for {
		page, err := accesslog.Search(ctx, pool, keysOf(pool), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		pages = append(pages, ids(page))
		f.Before = page[len(page)-1].ID
	}
	want := [][]int64{{7, 6, 5}, {4, 3, 2}, {1}}
	if !slices.EqualFunc(pages, want, slices.Equal) {
		t.Fatalf("pages %v; want %v", pages, want)
	}
}

func TestForSubject(t *testing.T) {
	t.Parallel()
	pool, ctx := newLog(t), context.Background()
	record(t, pool, view("anna", 0, "s1"), view("bo", 5, "s2"), view("cecilia", 9, "s2", "s1"))
	got, err := accesslog.ForSubject(ctx, pool, keysOf(pool), "s1")
	if err != nil || !slices.Equal(ids(got), []int64{3, 1}) || got[0].StaffID != "cecilia" {
		t.Fatalf("ForSubject = %+v, %v", got, err)
	}
}
