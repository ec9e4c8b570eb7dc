package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
)

func TestDecodeJSONExplainsEveryMistake(t *testing.T) {
	t.Parallel()
	type target struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	cases := []struct {
		name, contentType, body string
		status                  int
		code, field             string
	}{
		{"ok", "application/json", `{"name":"x","count":1}`, 0, "", ""},
		{"ok with charset", "application/json; charset=utf-8", `{"name":"x"} `, 0, "", ""},
		{"malformed", "application/json", `{"name":`, 400, "request.json.malformed", ""},
		{"syntax", "application/json", `{"name" "x"}`, 400, "request.json.malformed", ""},
		{"empty", "application/json", ``, 400, "request.json.empty", ""},
		{"two objects", "application/json", `{}{}`, 400, "request.json.trailing", ""},
		{"unknown field", "application/json", `{"nmae":"x"}`, 400, "request.json.unknown_field", "nmae"},
		{"wrong type", "application/json", `{"count":"many"}`, 400, "request.json.wrong_type", "count"},
		{"form instead", "application/x-www-form-urlencoded", `name=x`, 415, "request.content_type", ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(c.body))
		req.Header.Set("Content-Type", c.contentType)
		var v target
		err := DecodeJSON(req, &v)
		if c.status == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		p := Classify(err, i18n.Swedish)
		de, _ := err.(*domain.Error)
		if p.Status != c.status || de == nil || de.Code != c.code || de.Field != c.field || !i18n.Has(c.code) {
			t.Errorf("%s: status %d, error %#v; want %d %s %q", c.name, p.Status, err, c.status, c.code, c.field)
		}
	}
}
