package web

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
)

// testKey is a list's key as the lists write theirs.
type testKey struct {
	N  int    `json:"n"`
	ID string `json:"i"`
}

func (k testKey) Valid() bool { return k.N > 0 && k.ID != "" }

// A page's limit is 1 to 500, 100 when not given; anything else is a 400
// naming limit (issue 11, item 17).
func TestPageLimits(t *testing.T) {
	for query, want := range map[string]int{"": DefaultPageSize, "limit=1": 1, "limit=500": MaxPageSize} {
		q, _ := url.ParseQuery(query)
		p, err := PageOf(q, "tasks")
		if err != nil || p.Limit != want || p.ReadLimit() != want+1 {
			t.Errorf("%q: %+v, %v; want a limit of %d", query, p, err, want)
		}
	}
	for _, query := range []string{"limit=0", "limit=501", "limit=-1", "limit=tio", "limit=1.5"} {
		q, _ := url.ParseQuery(query)
		if _, err := PageOf(q, "tasks"); !refused(err, "limit", "request.limit") {
			t.Errorf("%q: %v, want a 400 on limit", query, err)
		}
	}
}

// The cursor Cut writes after a full page brings the list's key back;
// the last page has none. A cursor of another list, one altered, one
// with a key the list could not have written, or garbage, is a 400 on
// after.
func TestCursorsComeBackOnlyToTheirList(t *testing.T) {
	p, _ := NewPage("tasks", ptr(2), "")
	rows := []testKey{{1, "a"}, {2, "b"}, {3, "c"}}
	page, next := Cut(p, rows, func(k testKey) CursorKey { return k })
	if len(page) != 2 || next == "" {
		t.Fatalf("a full page: %v, next %q", page, next)
	}
	if _, last := Cut(p, rows[:2], func(k testKey) CursorKey { return k }); last != "" {
		t.Errorf("the last page has next %q", last)
	}
	back, _ := NewPage("tasks", nil, next)
	k, err := After[testKey](back)
	if err != nil || k == nil || *k != (testKey{2, "b"}) {
		t.Errorf("the cursor came back as %v, %v", k, err)
	}
	if k, err := After[testKey](Page{list: "tasks"}); k != nil || err != nil {
		t.Errorf("the first page: %v, %v", k, err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	for what, cursor := range map[string]string{
		"not base64":        "!!",
		"not JSON":          enc([]byte("tasks")),
		"an unknown field":  enc([]byte(`{"l":"tasks","k":{"n":2,"i":"b","x":1}}`)),
		"an invalid key":    enc([]byte(`{"l":"tasks","k":{"n":0,"i":"b"}}`)),
		"a key of the type": enc([]byte(`{"l":"tasks","k":{"n":"2","i":"b"}}`)),
		"trailing data":     enc([]byte(`{"l":"tasks","k":{"n":2,"i":"b"}}{}`)),
		"too long":          strings.Repeat("A", 2000),
	} {
		p, _ := NewPage("tasks", nil, cursor)
		if k, err := After[testKey](p); k != nil || !refused(err, "after", "request.cursor") {
			t.Errorf("%s cursor: %v, %v; want a 400 on after", what, k, err)
		}
	}
	if k, err := After[testKey](Page{list: "deadlines", after: next}); k != nil || !refused(err, "after", "request.cursor") {
		t.Errorf("another list's cursor: %v, %v; want a 400 on after", k, err)
	}
}

func refused(err error, field, code string) bool {
	var e *domain.Error
	return errors.As(err, &e) && e.Field == field && e.Code == code && e.Kind == domain.KindInvalid
}

func ptr(n int) *int { return &n }
