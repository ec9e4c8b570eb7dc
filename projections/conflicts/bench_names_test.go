package conflicts_test

import (
	"math"
	"math/rand/v2"
)

// The benchmark's register is drawn the way Swedish names fall: sixty
// common given names, each about as frequent as Sweden's most common ones
// (Anna, Lars: 1–2 %); three in ten family names from the thirty commonest
// (-son names and the like), the first of them most often (Andersson about
// 3 %, its real share); the rest a long tail of compound names (stem +
// ending); some people with a second given name or a double-barrelled
// family name, and a fifth of the register companies.
var (
	givenNames = []string{"Anna", "Maria", "Eva", "Karin", "Kristina", "Lena", "Sara", "Kerstin", "Emma", "Ingrid",
		"Marie", "Malin", "Jenny", "Birgitta", "Hanna", "Inger", "Ulla", "Linnéa", "Elin", "Åsa", "Märta", "Signe", "Ebba",
		"Elsa", "Maja", "Astrid", "Wilma", "Agnes", "Ingeborg", "Solveig", "Lars", "Mikael", "Anders", "Johan", "Erik",
		"Per", "Karl", "Peter", "Thomas", "Jan", "Daniel", "Fredrik", "Hans", "Bengt", "Björn", "Göran", "Örjan", "Åke",
		"Sören", "Jörgen", "Nils", "Olof", "Mats", "Magnus", "Stefan", "Oskar", "Axel", "Viktor", "Emil", "Hugo"}
	classics = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
		"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
		"Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Axelsson", "Berg", "Bergström",
		"Lundberg", "Lind", "Lundgren", "Lundqvist"}
	stems = []string{"Berg", "Lind", "Ek", "Sjö", "Ny", "Dahl", "Holm", "Strand", "Å", "Ög", "Häll", "Björk", "Gran",
		"Löv", "Fors", "Sand", "Sten", "Nord", "Väst", "Ström", "Al", "Ask", "Alm", "Lönn", "Hag", "Mal", "Sol", "Sund",
		"Vik", "Åker", "Ängs", "Öst", "Syd", "Hed", "Kvarn", "Mo", "Rosen", "Lilje", "Gyllen", "Silfver", "Adler",
		"Cederl", "Falk", "Ham", "Is", "Järn", "Kull", "Lager", "Myr", "Norr", "Palm", "Ros", "Sjöl", "Tall", "Udd",
		"Wall", "Wester", "Öhr", "Ahl", "Bäck", "Kron", "Forsel", "Grön", "Hjort", "Lax", "Mell", "Nyst", "Rapp",
		"Skog", "Sparr", "Stjern", "Swed", "Tor", "Ulf", "Varg", "Wik", "Zetter", "Åhl", "Ädel", "Örn"}
	endings = []string{"berg", "gren", "ström", "qvist", "lund", "man", "dahl", "kvist", "sson", "ér", "blad", "hagen",
		"holm", "mark", "stedt", "wall", "fors", "by", "borg", "näs", "sjö", "ling", "ander", "ius", "in", "eus",
		"feldt", "hielm", "crona", "bom"}
	firmWords = []string{"Bygg", "Fastigheter", "Konsult", "Invest", "Transport", "Juridik", "Data", "Handel", "Förvaltning", "Media"}
)

// skewed picks from list, earlier entries more often.
func skewed(r *rand.Rand, list []string) string {
	return list[int(float64(len(list))*math.Pow(r.Float64(), 1.5))]
}

func familyName(r *rand.Rand) string {
	if r.IntN(10) < 3 {
		return skewed(r, classics)
	}
	return stems[r.IntN(len(stems))] + endings[r.IntN(len(endings))]
}

// benchName is a person's or a company's name.
func benchName(r *rand.Rand) string {
	switch n := r.IntN(100); {
	case n < 20:
		return familyName(r) + "s " + firmWords[r.IntN(len(firmWords))] + " AB"
	case n < 35:
		return givenNames[r.IntN(len(givenNames))] + " " + givenNames[r.IntN(len(givenNames))] + " " + familyName(r)
	case n < 42:
		return givenNames[r.IntN(len(givenNames))] + " " + familyName(r) + "-" + familyName(r)
	default:
		return givenNames[r.IntN(len(givenNames))] + " " + familyName(r)
	}
}
