package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/work"
)

// The firm of issue 19, as shares of its log of 1,024,288 events: 150,000
// contacts, 30,000 matters opened after a conflict check (about seven
// events each: number, opening, parties, team, check, activation) and
// ~534,000 communication events; tasks and deadlines make up the rest.
const (
	contactShare  = 0.150 // contacts registered, one event each
	matterShare   = 0.030 // matters opened
	entryShare    = 0.460 // entries logged; with follow-ups and corrections ≈ 0.534 of the log
	taskShare     = 0.050 // tasks created (and some completed)
	deadlineShare = 0.042 // deadlines set

	organisationShare = 0.15 // of contacts
	counterpartyShare = 0.80 // of matters: most have one
	contactOnlyShare  = 0.10 // of entries: filed under the client alone, not a matter
	followUpShare     = 0.10 // of entries
	clearedShare      = 0.40 // of follow-ups: done already
	correctedShare    = 0.02 // of entries
	completedShare    = 0.40 // of tasks
	demoMemberShare   = 0.10 // of matters: the demo lawyer is on the team by name
)

// Each record draws its content from its own stream of the seed, so the
// firm is the same whichever writer writes which record.
const (
	streamContact = iota + 1
	streamMatter
	streamStaff
	streamSpread
)

// demoPlan is the firm `demo-data --scale N` writes: how many of each
// record, and each record's invented content.
type demoPlan struct {
	events, writers int
	seed            uint64
	now             time.Time
	today           time.Time // the date in Stockholm, at midnight UTC
	contacts        int
	matters         int
	work            []matterWork // per matter
	contactIDs      []string     // filled as the contacts are registered
	lawyers         map[string][]string
	demoLawyer      string
}

// matterWork is how much is written on one matter after it opens.
type matterWork struct{ entries, tasks, deadlines int }

func newDemoPlan(s demoScale, now time.Time) *demoPlan {
	y, m, d := now.In(work.Stockholm()).Date()
	p := &demoPlan{events: s.events, writers: s.writers, seed: s.seed, now: now.UTC(),
		today:    time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		contacts: max(2, share(s.events, contactShare)), matters: share(s.events, matterShare)}
	p.contactIDs = make([]string, p.contacts)
	p.work = p.spread(share(s.events, entryShare), share(s.events, taskShare), share(s.events, deadlineShare))
	return p
}

// share is how many records of a kind a log of events holds, at least one.
func share(events int, of float64) int { return max(1, int(math.Round(float64(events)*of))) }

// spread shares the entries, tasks and deadlines out over the matters,
// more to some than to others (a long tail of busy matters), so that
// exactly the planned totals are written.
func (p *demoPlan) spread(entries, tasks, deadlines int) []matterWork {
	r := p.rand(streamSpread, 0)
	weights := make([]float64, p.matters)
	var sum float64
	for j := range weights {
		weights[j] = 0.2 + r.ExpFloat64()
		sum += weights[j]
	}
	out := make([]matterWork, p.matters)
	var acc float64
	var before matterWork
	for j, w := range weights {
		acc += w
		upTo := func(total int) int { return int(math.Round(float64(total) * acc / sum)) }
		next := matterWork{upTo(entries), upTo(tasks), upTo(deadlines)}
		out[j] = matterWork{next.entries - before.entries, next.tasks - before.tasks, next.deadlines - before.deadlines}
		before = next
	}
	return out
}

func (p *demoPlan) rand(stream, i int) *rand.Rand {
	return rand.New(rand.NewPCG(p.seed, uint64(stream)<<40|uint64(i)))
}

// colleaguesPerTeam is how many lawyers each team has besides the demo
// accounts: one for a small firm, up to twelve for a large one.
func (p *demoPlan) colleaguesPerTeam() int { return min(12, max(1, p.events/250_000)) }

// colleagues is how many lawyers the firm has besides the demo accounts.
func (p *demoPlan) colleagues() int { return p.colleaguesPerTeam() * len(demoTeams) }

// staffEvents are the staff registrations written before the firm.
func (p *demoPlan) staffEvents() int { return len(demoAccounts) + p.colleagues() }

// day is the date offset days from today, as the forms write it.
func (p *demoPlan) day(offset int) string { return p.today.AddDate(0, 0, offset).Format(time.DateOnly) }

// contact is contact i: a person or (about one in seven) an organisation.
func (p *demoPlan) contact(i int) (*contact.PersonDetails, *contact.OrganisationDetails) {
	r := p.rand(streamContact, i)
	if r.Float64() < organisationShare {
		o := inventOrganisation(r)
		return nil, &o
	}
	d := inventPerson(r)
	return &d, nil
}

// contactName is how contact i is named in matter titles and notes.
func (p *demoPlan) contactName(i int) string {
	person, org := p.contact(i)
	if org != nil {
		return org.Name
	}
	return person.GivenName + " " + person.FamilyName
}

func inventPerson(r *rand.Rand) contact.PersonDetails {
	d := contact.PersonDetails{GivenName: pick(r, demoGivenNames), FamilyName: pick(r, demoFamilyNames)}
	if r.Float64() < 0.3 { // a second given name
		d.GivenName += " " + pick(r, demoGivenNames)
	}
	if r.Float64() < 0.1 { // a double family name
		d.FamilyName += "-" + pick(r, demoFamilyNames)
	}
	if r.Float64() < 0.6 {
		d.Personnummer = inventPersonnummer(r)
	}
	if r.Float64() < 0.8 {
		local := fold(strings.Fields(d.GivenName)[0] + "." + d.FamilyName)
		if r.Float64() < 0.5 {
			local += fmt.Sprint(10 + r.IntN(90))
		}
		d.Emails = []contact.Email{{Address: local + "@" + pick(r, demoMailDomains), Label: "privat"}}
	}
	if r.Float64() < 0.7 {
		mobile := fmt.Sprintf("07%d-%03d %02d %02d", pick(r, []int{0, 2, 3, 6}), r.IntN(1000), r.IntN(100), r.IntN(100))
		d.Phones = []contact.Phone{{Number: mobile, Label: "mobil"}}
	}
	if r.Float64() < 0.5 {
		d.Addresses = []contact.Address{inventAddress(r)}
	}
	d.ProtectedIdentity = r.Float64() < 0.005
	return d
}

func inventOrganisation(r *rand.Rand) contact.OrganisationDetails {
	prefix, trade := pick(r, demoOrgPrefixes), pick(r, demoOrgTrades)
	name := prefix + " " + trade
	if r.Float64() < 0.3 {
		name += " i " + pick(r, demoCities)
	}
	name += " " + pick(r, []string{"AB", "AB", "AB", "AB", "Holding AB", "Handelsbolag", "Ekonomisk förening"})
	d := contact.OrganisationDetails{Name: name, Organisationsnummer: inventOrganisationsnummer(r),
		Emails:    []contact.Email{{Address: "info@" + fold(prefix+trade) + ".example", Label: "växel"}},
		Addresses: []contact.Address{inventAddress(r)}}
	if r.Float64() < 0.8 {
		area := pick(r, []string{"08", "031", "040", "018", "013", "090"})
		d.Phones = []contact.Phone{{Number: fmt.Sprintf("%s-%03d %02d %02d", area, r.IntN(1000), r.IntN(100), r.IntN(100))}}
	}
	return d
}

func inventAddress(r *rand.Rand) contact.Address {
	return contact.Address{Street: fmt.Sprintf("%s %d", pick(r, demoStreets), 1+r.IntN(80)),
		PostalCode: fmt.Sprintf("%03d %02d", 100+r.IntN(880), r.IntN(100)), City: pick(r, demoCities), Country: "SE"}
}

// inventPersonnummer is an invented one, born 1940–2005, whose check digit holds.
func inventPersonnummer(r *rand.Rand) string {
	born := time.Date(1940, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(66*365))
	digits := born.Format("060102") + fmt.Sprintf("%03d", 1+r.IntN(999))
	return born.Format("2006") + digits[2:6] + "-" + digits[6:] + luhnDigit(digits)
}

// inventOrganisationsnummer is an invented aktiebolag's number (556…).
func inventOrganisationsnummer(r *rand.Rand) string {
	digits := fmt.Sprintf("556%06d", r.IntN(1_000_000))
	return digits[:6] + "-" + digits[6:] + luhnDigit(digits)
}

// luhnDigit is the check digit of nine digits, weights 2 and 1 from the left.
func luhnDigit(nine string) string {
	sum := 0
	for i := range len(nine) {
		d := int(nine[i]-'0') * (2 - i%2)
		sum += d/10 + d%10
	}
	return fmt.Sprint((10 - sum%10) % 10)
}

// fold writes a name as an e-mail address's local part: å, ä, ö to a, a, o.
func fold(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u", " ", ".").Replace(strings.ToLower(s))
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

// The names are common Swedish ones, combined at random with numbers, so
// every person in the demo is invented.
var demoGivenNames = []string{
	"Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Kerstin", "Ingrid",
	"Marie", "Malin", "Jenny", "Hanna", "Linda", "Annika", "Susanne", "Elin", "Monica", "Birgitta",
	"Sofia", "Johanna", "Carina", "Elisabeth", "Julia", "Ida", "Ulla", "Linnéa", "Louise", "Åsa",
	"Helena", "Camilla", "Cecilia", "Gunilla", "Anneli", "Therese", "Maja", "Alice", "Elsa", "Astrid",
	"Ebba", "Wilma", "Agnes", "Frida", "Matilda", "Märta", "Signe", "Saga", "Tove", "Ylva",
	"Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan", "Thomas",
	"Daniel", "Fredrik", "Hans", "Andreas", "Stefan", "Mohamed", "Bengt", "Magnus", "Mats", "Mattias",
	"Jonas", "Nils", "Oskar", "Björn", "Sven", "Gustav", "Alexander", "David", "Marcus", "Martin",
	"Niklas", "Olof", "Patrik", "Ali", "Emil", "Viktor", "Henrik", "Jakob", "Axel", "Elias",
	"Hugo", "Ludvig", "Måns", "Göran", "Åke", "Ulf", "Rickard", "Sebastian", "Kent", "Leif",
}

var demoFamilyNames = []string{
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
	"Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström",
	"Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
	"Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
	"Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson",
	"Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson",
	"Nordström", "Mårtensson", "Lundström", "Ahmed", "Viklund", "Björklund", "Eliasson", "Pålsson", "Hassan", "Berggren",
	"Sandström", "Lund", "Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund",
	"Dahlberg", "Hellström", "Sjögren", "Abrahamsson", "Martinsson", "Öberg", "Andreasson", "Falk", "Blom", "Ek",
	"Strand", "Åkesson", "Sundström", "Mohammed", "Ali", "Lindholm", "Norberg", "Söderström", "Hedberg", "Jonasson",
}

var demoStreets = []string{
	"Storgatan", "Kungsgatan", "Drottninggatan", "Vasagatan", "Sveavägen", "Götgatan", "Hamngatan", "Skolgatan",
	"Kyrkogatan", "Järnvägsgatan", "Nygatan", "Östra Långgatan", "Björkvägen", "Tallvägen", "Granvägen", "Lärkvägen",
	"Ringvägen", "Parkvägen", "Strandvägen", "Ängsvägen", "Industrivägen", "Bäckvägen", "Sjövägen", "Åkervägen",
}

var demoCities = []string{
	"Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping", "Helsingborg", "Jönköping",
	"Norrköping", "Lund", "Umeå", "Gävle", "Borås", "Södertälje", "Eskilstuna", "Halmstad", "Växjö", "Karlstad",
	"Sundsvall", "Luleå", "Östersund", "Trollhättan", "Kalmar", "Falun", "Visby", "Kiruna", "Skellefteå",
}

// The e-mail domains are under .example, which no one can own.
var demoMailDomains = []string{"post.example", "mejla.example", "hem.example", "brevlada.example", "natet.example"}

var demoOrgPrefixes = []string{
	"Norrsken", "Fjäll", "Älv", "Skog", "Kust", "Berg", "Sjö", "Ljung", "Tall", "Björk", "Ek", "Gran", "Hav", "Sol",
	"Mälar", "Vätter", "Öresund", "Kronan", "Lejon", "Falk", "Svan", "Nord", "Syd", "Väst", "Öst", "Polar", "Granit",
	"Koppar", "Silver", "Guld",
}

var demoOrgTrades = []string{
	"Bygg", "Fastigheter", "Konsult", "Transport", "Handel", "Teknik", "Invest", "Logistik", "Media", "Vård",
	"El", "Måleri", "Revision", "Redovisning", "Städ", "Restaurang", "Åkeri", "Design", "Data", "Energi",
}
