package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
)

// Every list of the API pages one way (issue 11, item 17): limit, 1 to
// MaxPageSize rows (DefaultPageSize when not given), and after, the next
// cursor of the page before; an answer holds items and, when another page
// follows, next. A cursor is opaque to clients: base64url of the list's
// name and the key of the page's last row in the list's order — dates,
// times, numbers and IDs, never a name or other personal text, so nothing
// personal reaches a URL. The pages are keyset pages, not offsets: a row
// added or removed between two pages moves no other row across the page
// boundary, so a walk sees every row that stays in the list exactly once,
// and a row added behind the cursor on a later page. Each list's order
// ends in a unique ID, so no two rows share a key. Need-to-know and walls
// are applied in the query, so a page is as long as asked until the list
// ends: neither a short page nor a cursor tells what is hidden.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
	// maxCursor bounds what is decoded: every key is far shorter.
	maxCursor = 1024
)

// CursorKey is a list's key type: the sort key of one row, which knows
// whether a decoded value is one the list could have written.
type CursorKey interface {
	Valid() bool
}

// Page is what a list request asks for: how many rows, and after which.
type Page struct {
	Limit int
	list  string
	after string
}

// PageOf reads limit and after from a list's query string.
func PageOf(q url.Values, list string) (Page, error) {
	var limit *int
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return Page{}, errLimit()
		}
		limit = &n
	}
	return NewPage(list, limit, q.Get("after"))
}

// NewPage checks a list request's limit (nil: the default) and cursor.
func NewPage(list string, limit *int, after string) (Page, error) {
	p := Page{Limit: DefaultPageSize, list: list, after: after}
	if limit != nil {
		if *limit < 1 || *limit > MaxPageSize {
			return Page{}, errLimit()
		}
		p.Limit = *limit
	}
	return p, nil
}

func errLimit() error {
	return BadRequest(ErrMalformed, "limit", "request.limit", "limit is a whole number from 1 to 500")
}

// ErrCursor is the answer for a cursor the list cannot continue from: not
// one it wrote, or naming a row the caller can no longer see.
func ErrCursor() error {
	return BadRequest(ErrMalformed, "after", "request.cursor", "the cursor is not one this list gave; start again from the first page")
}

// cursor is what a cursor encodes.
type cursor struct {
	List string          `json:"l"`
	Key  json.RawMessage `json:"k"`
}

// After decodes p's cursor into the list's key type K: nil on the first
// page. A cursor of another list, a changed one or garbage is a 400
// (request.cursor).
func After[K any, PK interface {
	*K
	CursorKey
}](p Page) (*K, error) {
	if p.after == "" {
		return nil, nil
	}
	if len(p.after) > maxCursor {
		return nil, ErrCursor()
	}
	raw, err := base64.RawURLEncoding.DecodeString(p.after)
	if err != nil {
		return nil, ErrCursor()
	}
	var c cursor
	key := new(K)
	if strict(raw, &c) != nil || c.List != p.list || strict(c.Key, key) != nil || !PK(key).Valid() {
		return nil, ErrCursor()
	}
	return key, nil
}

// strict decodes exactly one JSON value with no unknown fields.
func strict(raw []byte, into any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(into); err != nil {
		return err
	}
	if d.More() {
		return ErrCursor()
	}
	return nil
}

// Cut takes rows read with Limit+1 (ReadLimit) down to the page and, when
// there were more, returns the cursor after its last row.
func Cut[T any](p Page, rows []T, key func(T) CursorKey) ([]T, string) {
	if len(rows) <= p.Limit {
		return rows, ""
	}
	rows = rows[:p.Limit]
	return rows, p.cursor(key(rows[len(rows)-1]))
}

// ReadLimit is how many rows to read for the page: one more than it
// holds, which says whether another page follows.
func (p Page) ReadLimit() int { return p.Limit + 1 }

// CursorAt is the cursor after key, for a list whose every answer names
// where to go on from, even at its end (the integration feed).
func (p Page) CursorAt(key CursorKey) string { return p.cursor(key) }

func (p Page) cursor(key CursorKey) string {
	k, err := json.Marshal(key)
	if err != nil {
		return "" // a key is a plain struct: it always encodes
	}
	b, _ := json.Marshal(cursor{List: p.list, Key: k})
	return base64.RawURLEncoding.EncodeToString(b)
}

// PageJSON is a list's answer: items, and next when another page follows.
func PageJSON[T any](items []T, next string) map[string]any {
	out := map[string]any{"items": items}
	if next != "" {
		out["next"] = next
	}
	return out
}
