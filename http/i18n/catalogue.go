package i18n

import (
	"fmt"
	"sort"
)

// Lang is a language the catalogue speaks, as a BCP 47 primary tag.
type Lang string

// The languages Klient speaks. Swedish comes first: it is the default.
const (
	Swedish Lang = "sv"
	English Lang = "en"
	Default      = Swedish
)

// Message is one catalogue entry in every language Klient speaks. Keeping
// the languages side by side makes a missing translation a visible gap in
// review, and the catalogue test refuses it.
type Message struct {
	SV string
	EN string
}

// In returns the message in lang.
func (m Message) In(lang Lang) string {
	if lang == English {
		return m.EN
	}
	return m.SV
}

// catalogue is the union of the per-area tables; merge refuses a key that
// two areas both define.
var catalogue = merge(uiMessages, contactListMessages, contactMessages, problemMessages, domainMessages,
	accessMessages, adminMessages, accessCodeMessages, integrationMessages,
	matterCodeMessages, workCodeMessages, communicationCodeMessages, documentCodeMessages,
	matterMessages, lateralMessages, matterTermMessages, workMessages, logMessages, gdprCodeMessages,
	privacyMessages, requestsMessages, auditMessages, reportsMessages, templateMessages, confirmMessages, importMessages,
	registerMessages, impactMessages, reviewMessages, specialMessages, specialContactMessages, specialEntryMessages, mailCodeMessages,
	letterMessages, letterAdminMessages, campaignMessages,
	incomingMailMessages, cddMessages, packageMessages, packageCodeMessages)

func merge(tables ...map[string]Message) map[string]Message {
	all := make(map[string]Message)
	for _, table := range tables {
		for k, m := range table {
			if _, dup := all[k]; dup {
				panic("i18n: key defined twice: " + k)
			}
			all[k] = m
		}
	}
	return all
}

// T returns the message for key in lang, formatted with args when given. An
// unknown key comes back as itself, so a gap shows instead of hiding; the
// catalogue tests make sure no template or handler uses one.
func T(lang Lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return m.In(lang)
	}
	return fmt.Sprintf(m.In(lang), args...)
}

// Sayer is T bound to lang, for code that is handed the catalogue's
// words rather than importing it (the access package).
func Sayer(lang Lang) func(key string, args ...any) string {
	return func(key string, args ...any) string { return T(lang, key, args...) }
}

// Has reports whether the catalogue defines key.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// Lookup returns the entry for key.
func Lookup(key string) (Message, bool) {
	m, ok := catalogue[key]
	return m, ok
}

// Keys lists every key, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
