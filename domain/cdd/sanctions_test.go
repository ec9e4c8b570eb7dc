package cdd

import (
	"strings"
	"testing"
)

// Bad input (issue 17): a file that is not the EU list's XML, a list
// without its date, an empty list: each refused with its own code.
func TestParseRefusesWhatIsNotTheEUList(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, file, code string }{
		{"empty file", "   ", "cdd.list.empty"},
		{"not XML", "Namn;Födelsedatum\nIvan Petrov;1965-09-11\n", "cdd.list.format"},
		{"another XML", `<rss><channel/></rss>`, "cdd.list.format"},
		{"cut short", `<export generationDate="2026-12-01"><sanctionEntity logicalId="1">`, "cdd.list.format"},
		{"undefined entity", `<!DOCTYPE x [<!ENTITY a "b">]><export generationDate="2026-12-01">&a;</export>`, "cdd.list.format"},
		{"no date", `<export><sanctionEntity logicalId="1"><nameAlias wholeName="A"/></sanctionEntity></export>`, "cdd.list.date"},
		{"no entries", `<export generationDate="2026-12-01T10:00:00.000+01:00" globalFileId="1"></export>`, "cdd.list.empty"},
		{"no names", `<export generationDate="2026-12-01"><sanctionEntity logicalId="1"><subjectType code="person"/></sanctionEntity></export>`, "cdd.list.empty"},
	} {
		_, err := ParseSanctionsList(strings.NewReader(c.file))
		refused(t, err, c.code)
	}
	list, err := ParseSanctionsList(strings.NewReader(`<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-12-01T10:00:00.000+01:00" globalFileId="7">
		<sanctionEntity logicalId="5" euReferenceNumber="EU.5.1"><subjectType code="person"/>
		<nameAlias firstName="Ada" middleName="B" lastName="Lovelace"/><nameAlias wholeName="Ada  Lovelace"/>
		<birthdate birthdate="1815-12-10"/></sanctionEntity></export>`))
	must(t, err)
	e := list.Entries[0]
	if list.Version != "7" || list.GeneratedAt.Hour() != 9 || e.ID != "5" || !e.Person || len(e.Names) != 2 || e.Names[0] != "Ada B Lovelace" || e.BirthDates[0] != "1815-12-10" {
		t.Errorf("parsed %+v", list)
	}
}
