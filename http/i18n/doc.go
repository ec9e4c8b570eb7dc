// Package i18n is Klient's one message catalogue: every string a person reads
// in the UI or in an API problem, in Swedish (the default) and English, keyed
// by the same codes domain.Error carries. It also formats dates and times the
// Swedish way, in Europe/Stockholm.
//
// May import: the standard library only (time/tzdata so the zone exists on
// any machine).
package i18n
