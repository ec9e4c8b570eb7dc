package eventstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tink-crypto/tink-go/v2/tink"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// Canaries: personal data that must never appear in stored bytes.
const (
	canaryGiven  = "Kanarieborg"
	canaryFamily = "Fjäderström"
	canaryEmail  = "k.fjaderstrom.7f3a@example.se"
	canaryPhone  = "+46701119876"
	canaryPNR    = "19811218-9876"
	canaryStreet = "Gulsparvsgränd 17"
	canaryOrg    = "Kanarieborgs Juridik HB"
	canaryOrgNr  = "969765-4321"
	canaryRole   = "Delägare kanariefågel"
	canaryPostal = "11799"
	canaryCity   = "Fågelby"
)

var canaries = []string{canaryGiven, canaryFamily, canaryEmail, canaryPhone, canaryPNR,
	canaryStreet, canaryOrg, canaryOrgNr, canaryRole, canaryPostal, canaryCity}

// codecWorld is a codec sealing with a real Keyring on a fresh database.
type codecWorld struct {
	pool    *pgxpool.Pool
	keyring *klientcrypto.Keyring
	codec   *eventstore.Codec
	master  tink.AEAD
}

func newCodecWorld(t testing.TB, extra ...pgmigrate.Set) codecWorld {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(ctx, pool, append([]pgmigrate.Set{klientcrypto.Migrations()}, extra...)...); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keyring, err := klientcrypto.NewKeyring(ctx, pool, master)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keyring.Close() })
	codec := eventstore.NewCodec(keyring)
	if err := codec.Register(contact.Events()...); err != nil {
		t.Fatal(err)
	}
	return codecWorld{pool: pool, keyring: keyring, codec: codec, master: master}
}

func personDetails() contact.PersonDetails {
	return contact.PersonDetails{
		GivenName: canaryGiven, FamilyName: canaryFamily, Personnummer: canaryPNR,
		Emails:    []contact.Email{{Address: canaryEmail, Label: "work"}},
		Phones:    []contact.Phone{{Number: canaryPhone}},
		Addresses: []contact.Address{{Street: canaryStreet, PostalCode: canaryPostal, City: canaryCity, Country: "SE"}},
	}
}

func orgDetails() contact.OrganisationDetails {
	return contact.OrganisationDetails{
		Name: canaryOrg, Organisationsnummer: canaryOrgNr,
		Emails: []contact.Email{{Address: canaryEmail}}, Phones: []contact.Phone{{Number: canaryPhone}},
	}
}

func meta() eventstore.Metadata {
	return eventstore.Metadata{Actor: "staff-0001", CorrelationID: "req-1", OccurredAt: time.Date(2026, 3, 15, 9, 30, 0, 0, time.UTC)}
}

func newID(t testing.TB) uuid.UUID {
	t.Helper()
	id, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	return id
}
