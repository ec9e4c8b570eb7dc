// Package cddtest writes synthetic sanctions lists in the EU consolidated
// list's XML format, for the tests and the benchmark (tests only: the
// lists name invented people).
package cddtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// Entry is one listed subject of a synthetic list.
type Entry struct {
	ID        string
	Person    bool
	Names     []string
	BirthDate string
}

// List writes a list generated at generated, version version, holding
// entries and then filler invented subjects until it has size entries.
// Each filler subject has two aliases, the second with the words swapped,
// as the EU's list often carries a name in several orders.
func List(generated time.Time, version string, size int, entries ...Entry) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="%s" globalFileId="%s">`+"\n",
		generated.Format("2006-01-02T15:04:05.000-07:00"), version)
	for i := len(entries); i < size; i++ {
		given, family := given[i%len(given)], family[(i/len(given))%len(family)]
		entries = append(entries, Entry{ID: fmt.Sprint(900000 + i), Person: i%4 != 0,
			Names: []string{fmt.Sprintf("%s %s %d", given, family, i), fmt.Sprintf("%s %s %d", family, given, i)}})
	}
	for _, e := range entries {
		code := "enterprise"
		if e.Person {
			code = "person"
		}
		fmt.Fprintf(&b, `<sanctionEntity logicalId="%s" euReferenceNumber="EU.%s.1" designationDate="2022-03-15">`+"\n", e.ID, e.ID)
		b.WriteString(`<regulation regulationType="amendment" organisationType="council" publicationDate="2022-03-15" programme="RUS"/>` + "\n")
		fmt.Fprintf(&b, `<subjectType code="%s" classificationCode="%s"/>`+"\n", code, code[:1])
		for _, n := range e.Names {
			b.WriteString(`<nameAlias wholeName="`)
			_ = xml.EscapeText(&b, []byte(n))
			b.WriteString(`" strong="true"/>` + "\n")
		}
		if e.BirthDate != "" {
			fmt.Fprintf(&b, `<birthdate birthdate="%s"/>`+"\n", e.BirthDate)
		}
		b.WriteString("</sanctionEntity>\n")
	}
	b.WriteString("</export>\n")
	return b.Bytes()
}

var (
	given  = []string{"Aleksandr", "Dmitrij", "Olga", "Svetlana", "Igor", "Natalja", "Sergej", "Jelena", "Pavel", "Irina", "Mikhail", "Tatjana"}
	family = []string{"Volkov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Pavlov", "Semjonov", "Golubev", "Vinogradov",
		"Bogdanov", "Vorobjov", "Fjodorov", "Mikhajlov", "Beljajev", "Tarasov", "Belov", "Komarov", "Orlov", "Kiseljov"}
)
