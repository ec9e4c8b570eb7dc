package i18n

import (
	"strings"
	"testing"
)

func TestEveryKeyHasBothLanguages(t *testing.T) {
	t.Parallel()
	for _, k := range Keys() {
		m, _ := Lookup(k)
		if strings.TrimSpace(m.SV) == "" || strings.TrimSpace(m.EN) == "" {
			t.Errorf("key %q lacks a translation: sv=%q en=%q", k, m.SV, m.EN)
		}
	}
}

func TestMergeRefusesDuplicateKeys(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("merge accepted a key defined twice")
		}
	}()
	merge(map[string]Message{"a": {SV: "a", EN: "a"}}, map[string]Message{"a": {SV: "b", EN: "b"}})
}

func TestTranslate(t *testing.T) {
	t.Parallel()
	if got := T(Swedish, "common.save"); got != "Spara" {
		t.Errorf("sv common.save = %q", got)
	}
	if got := T(English, "common.save"); got != "Save" {
		t.Errorf("en common.save = %q", got)
	}
	if got := T(Swedish, "error.page.ref", "abc"); !strings.Contains(got, "abc") {
		t.Errorf("arguments not formatted: %q", got)
	}
	if got := T(Swedish, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	cases := map[string]Lang{
		"":                          Swedish,
		"en-GB,en;q=0.9":            English,
		"sv-SE,sv;q=0.9,en;q=0.8":   Swedish,
		"de-DE,en;q=0.5":            English,
		"fr":                        Swedish,
		"en;q=0.3,nb;q=0.9":         Swedish,
		"en;q=0, sv;q=0.1":          Swedish,
		"EN-us":                     English,
		"da, en-GB;q=0.8, en;q=0.7": Swedish,
	}
	for header, want := range cases {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}
