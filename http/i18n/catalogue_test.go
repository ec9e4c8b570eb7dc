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
