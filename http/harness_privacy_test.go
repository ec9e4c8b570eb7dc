package http

import (
	"context"
	"testing"
	"time"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// privacyOf builds the real contactpages.Privacy dependencies over the test's store.
func privacyOf(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool, keys *klientcrypto.Keyring) contactpages.Privacy {
	subjects, err := gdprcmd.NewSubjects(store, codec, time.Now, gdpr.DefaultPurposes)
	must(t, err)
	links, err := gdprmodel.LoadWithdrawalLinks(context.Background(), pool)
	must(t, err)
	d := contactpages.Privacy{Links: links, Purposes: gdpr.DefaultPurposes, Register: contactpages.PrivacyReadModel(pool)}
	var errs [8]error
	d.RecordBasis, errs[0] = gdprcmd.NewRecordLawfulBasisHandler(subjects)
	d.EndBasis, errs[1] = gdprcmd.NewEndLawfulBasisHandler(subjects)
	d.GiveConsent, errs[2] = gdprcmd.NewGiveConsentHandler(subjects)
	d.WithdrawConsent, errs[3] = gdprcmd.NewWithdrawConsentHandler(subjects)
	d.WithdrawByLink, errs[4] = gdprcmd.NewWithdrawConsentByLinkHandler(subjects, links)
	d.Object, errs[5] = gdprcmd.NewRecordObjectionHandler(subjects)
	d.Restrict, errs[6] = gdprcmd.NewApplyRestrictionHandler(subjects)
	d.Lift, errs[7] = gdprcmd.NewLiftRestrictionHandler(subjects)
	for _, err := range errs {
		must(t, err)
	}
	return d
}
