package communication

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
)

var values = map[string]string{
	"mottagare.namn": "Åsa Öberg", "klient.namn": "Åsa Öberg", "ärende.nummer": "2026-0042",
	"ärende.titel": "Tvist om köpeskilling", "frist.datum": "2026-12-15", "frist.beskrivning": "Yttrande till tingsrätten",
	"byrå.namn": "Advokatbyrån Testsson",
}

// The merge fields, with a condition on the deadline: the text a
// lawyer writes comes out with the matter's facts, and a block on an
// empty field takes its {{annars}}.
func TestTemplateRendersMergeFieldsAndConditions(t *testing.T) {
	body := "Hej {{klient.namn}},\n\n" +
		"{{#om frist.datum}}\n" +
		"Nästa frist i ärende {{ärende.nummer}} är {{frist.datum}} ({{frist.beskrivning}}).\n" +
		"{{annars}}\n" +
		"Ärende {{ärende.nummer}} har ingen öppen frist.\n" +
		"{{/om}}\n" +
		"Med vänlig hälsning\n{{byrå.namn}}"
	tpl, err := ParseTemplate("body", body)
	if err != nil {
		t.Fatal(err)
	}
	want := "Hej Åsa Öberg,\n\nNästa frist i ärende 2026-0042 är 2026-12-15 (Yttrande till tingsrätten).\nMed vänlig hälsning\nAdvokatbyrån Testsson"
	if got := tpl.Render(values); got != want {
		t.Errorf("with a deadline:\n%q\nwant\n%q", got, want)
	}
	none := map[string]string{"klient.namn": "Åsa Öberg", "ärende.nummer": "2026-0042", "byrå.namn": "Advokatbyrån Testsson"}
	want = "Hej Åsa Öberg,\n\nÄrende 2026-0042 har ingen öppen frist.\nMed vänlig hälsning\nAdvokatbyrån Testsson"
	if got := tpl.Render(none); got != want {
		t.Errorf("without a deadline:\n%q\nwant\n%q", got, want)
	}
}

// A template with an unknown field or bad syntax is refused with the
// line of each problem (the issue: "refused at save with the line").
func TestTemplateRefusesWithTheLine(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string // code@line
	}{
		{"unknown field", "Hej {{klient.namn}},\n\nDitt ärende {{ärende.nr}}.", []string{"letter.template.unknown_field@3"}},
		{"tag not closed", "Rad ett\nHej {{klient.namn,\nslut", []string{"letter.template.unclosed_tag@2"}},
		{"block never closed", "a\n{{#om frist.datum}}\nb\n", []string{"letter.template.unclosed_block@2"}},
		{"end without block", "a\nb {{/om}}", []string{"letter.template.stray_end@2"}},
		{"else without block", "{{annars}}", []string{"letter.template.stray_else@1"}},
		{"two problems", "{{x}}\n{{#om y}}\n{{/om}}", []string{"letter.template.unknown_field@1", "letter.template.unknown_field@2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTemplate("body", c.text)
			var got []string
			for _, e := range flatten(err) {
				var de *domain.Error
				if !errors.As(e, &de) || de.Kind != domain.KindInvalid || de.Field != "body" || len(de.Args) == 0 {
					t.Fatalf("problem %v is not an invalid body with its line", e)
				}
				got = append(got, de.Code+"@"+itoaLine(de.Args[0]))
			}
			if len(got) != len(c.want) {
				t.Fatalf("problems %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("problem %d = %s, want %s", i, got[i], c.want[i])
				}
			}
		})
	}
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if m, ok := err.(interface{ Unwrap() []error }); ok {
		return m.Unwrap()
	}
	return []error{err}
}

func itoaLine(v any) string {
	n, _ := v.(int)
	return string(rune('0' + n))
}
